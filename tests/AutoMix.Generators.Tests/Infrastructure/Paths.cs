namespace AutoMix.Generators.Tests.Infrastructure;

/// <summary>Locates the repository (for the sample policies and checked-in baselines).</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string TestPolicies => Path.Combine(RepositoryRoot, "tests", "AutoMix.Generators.Tests", "Policies");

    public static string SamplePolicies => Path.Combine(RepositoryRoot, "policies");

    public static string Baselines => Path.Combine(RepositoryRoot, "tests", "AutoMix.Generators.Tests", "Baselines");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoMix.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AutoMix.sln not found above " + AppContext.BaseDirectory + "; the tests need the repository checkout.");
    }
}
