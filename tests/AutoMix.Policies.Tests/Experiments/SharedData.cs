using Xunit;
using AutoMix.Policies.Data;
using AutoMix.Testing.Data;

namespace AutoMix.Policies.Tests.Experiments;

/// <summary>
/// Finds the recorded runs (shared/data) beside the checkout; AUTOMIX_DATA overrides. Files are read once per test run.
/// A test that touches the data is skipped, with the reason, when the data is absent (.ci/run fails in that case).
/// </summary>
internal static class SharedData
{
    private static readonly Dictionary<string, RecordedRunSet> Cache = new(StringComparer.Ordinal);

    public static string Root
    {
        get
        {
            if (!SharedDataFolder.TryFind(out var root))
            {
                Assert.Skip(SharedDataFolder.MissingReason);
            }

            return root;
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
