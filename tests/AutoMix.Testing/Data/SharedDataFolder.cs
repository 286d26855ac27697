using System;
using System.IO;

namespace AutoMix.Testing.Data;

/// <summary>
/// Finds the recorded runs (<c>shared/data</c> beside the checkout) for tests and benchmarks, which read them in
/// place: the data is never copied into the repository. <c>AUTOMIX_DATA</c> overrides the search.
/// </summary>
public static class SharedDataFolder
{
    /// <summary>The folder holding the recorded runs and their README.md.</summary>
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

    /// <summary>The full path of a file under the data root, e.g. "rational-cascades/mmlu.train.jsonl".</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
