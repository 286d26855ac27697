using System;
using System.IO;

namespace AutoMix.Testing.Data;

/// <summary>
/// Finds the recorded runs (<c>shared/data</c> beside the checkout) for tests and benchmarks, which read them in
/// place: the data is never copied into the repository. <c>AUTOMIX_DATA</c> overrides the search.
/// Tests skip (with <see cref="MissingReason"/>) when the data is absent; <c>.ci/run</c> fails instead.
/// </summary>
public static class SharedDataFolder
{
    /// <summary>Why a test that needs the recorded runs is skipped when they are absent.</summary>
    public static string MissingReason =>
        $"needs the recorded runs: no folder above '{AppContext.BaseDirectory}' contains shared/data/README.md " +
        "(clone the data beside the checkout as ../shared/data, or set AUTOMIX_DATA; see README.md, \"Tests\")";

    /// <summary>The folder holding the recorded runs and their README.md.</summary>
    /// <exception cref="DirectoryNotFoundException">The data is absent.</exception>
    public static string Root => TryFind(out var root) ? root : throw new DirectoryNotFoundException(MissingReason);

    /// <summary>
    /// Looks for the data. A wrong <c>AUTOMIX_DATA</c> throws rather than returning false: whoever set it meant
    /// to run the data tests, so silently skipping them would hide the mistake.
    /// </summary>
    public static bool TryFind(out string root)
    {
        var overridden = Environment.GetEnvironmentVariable("AUTOMIX_DATA");
        if (!string.IsNullOrEmpty(overridden))
        {
            root = File.Exists(Path.Combine(overridden, "README.md"))
                ? overridden
                : throw new DirectoryNotFoundException($"AUTOMIX_DATA is '{overridden}', which has no README.md of the recorded runs.");
            return true;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, "README.md")))
            {
                root = candidate;
                return true;
            }
        }

        root = "";
        return false;
    }

    /// <summary>The full path of a file under the data root, e.g. "rational-cascades/mmlu.train.jsonl".</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
