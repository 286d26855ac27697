using System.Text;
using AutoMix.Generators.Tests.Infrastructure;

namespace AutoMix.Generators.Tests.Emission;

/// <summary>
/// The generated source of every sample policy (policies/*.automix.yaml) and test fixture is checked in under
/// Baselines/, so a change to the generator or to a policy shows up as a reviewable diff.
/// Set AUTOMIX_UPDATE_BASELINES=1 to rewrite them.
/// </summary>
public sealed class BaselineTests
{
    private const string ProjectDir = "/repo/";

    public static TheoryData<string, string> Policies()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, prefix) in new[] { (Paths.SamplePolicies, "policies"), (Paths.TestPolicies, "tests") })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(folder, "*.automix.yaml").Order(StringComparer.Ordinal))
            {
                data.Add(prefix, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Generated_source_matches_the_checked_in_baseline(string origin, string fileName)
    {
        var folder = origin == "policies" ? Paths.SamplePolicies : Paths.TestPolicies;
        var relative = origin == "policies" ? "policies/" + fileName : "Policies/" + fileName;
        var file = GeneratorHarness.Policy(ProjectDir + relative, File.ReadAllText(Path.Combine(folder, fileName)));
        var options = new TestAnalyzerConfigOptionsProvider(new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = "AutoMix.Samples",
            ["build_property.ProjectDir"] = ProjectDir,
        });

        var (result, output, _) = GeneratorHarness.Run(new[] { file }, options);

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        var actual = Assert.Single(result.GeneratedSources).SourceText.ToString();
        var baseline = Path.Combine(Paths.Baselines, origin + "." + fileName.Replace(".automix.yaml", ".g.cs", StringComparison.Ordinal));

        if (Environment.GetEnvironmentVariable("AUTOMIX_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(baseline, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(baseline), "No baseline " + baseline + "; run the tests with AUTOMIX_UPDATE_BASELINES=1 to create it.");
        var expected = File.ReadAllText(baseline).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_baseline_belongs_to_a_policy()
    {
        var expected = Policies().Select(row => row.Data.Item1 + "." + row.Data.Item2.Replace(".automix.yaml", ".g.cs", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var present = Directory.GetFiles(Paths.Baselines, "*.g.cs").Select(Path.GetFileName).ToList();

        Assert.All(present, name => Assert.Contains(name!, expected));
    }
}
