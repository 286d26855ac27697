using Xunit;
using AutoMix.Policies.Data;

namespace AutoMix.Policies.Tests.Experiments;

/// <summary>Finds the recorded runs (shared/data) beside the checkout; AUTOMIX_DATA overrides. Files are read once per test run.</summary>
internal static class SharedData
{
    private static readonly Dictionary<string, RecordedRunSet> Cache = new(StringComparer.Ordinal);

    public static string Root
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("AUTOMIX_DATA");
            if (!string.IsNullOrEmpty(overridden))
            {
                return File.Exists(Path.Combine(overridden, "README.md"))
                    ? overridden
                    : throw new DirectoryNotFoundException($"AUTOMIX_DATA is '{overridden}', which has no README.md of the recorded runs.");
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (File.Exists(Path.Combine(candidate, "README.md")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException($"No folder above '{AppContext.BaseDirectory}' contains shared/data/README.md; set AUTOMIX_DATA to the recorded runs.");
        }
    }

    /// <summary>A recorded-run file by its path under the data root (e.g. "rational-cascades/mmlu.train.jsonl").</summary>
    public static RecordedRunSet Load(string relativePath)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relativePath, out var set))
            {
                set = RecordedRunReader.ReadFile(Path.Combine(Root, relativePath));
                Assert.Empty(set.Errors);
                Cache[relativePath] = set;
            }

            return set;
        }
    }
}
