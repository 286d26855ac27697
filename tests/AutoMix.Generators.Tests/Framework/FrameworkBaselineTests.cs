using AutoMix.Generators.Tests.Emission;
using AutoMix.Generators.Tests.Infrastructure;

namespace AutoMix.Generators.Tests.Framework;

/// <summary>
/// Every checked-in baseline (Baselines/*.g.cs) is what the generator emits for its policy, compared by the
/// framework (hint name, text and encoding), with no diagnostics and generated code that compiles.
/// <see cref="BaselineTests"/> keeps rewriting baselines (AUTOMIX_UPDATE_BASELINES=1).
/// </summary>
public sealed class FrameworkBaselineTests
{
    private const string ProjectDir = "/repo/";

    [Theory]
    [MemberData(nameof(BaselineTests.Policies), MemberType = typeof(BaselineTests))]
    public Task Generated_source_equals_the_baseline(string origin, string fileName)
    {
        var folder = origin == "policies" ? Paths.SamplePolicies : Paths.TestPolicies;
        var relative = origin == "policies" ? "policies/" + fileName : "Policies/" + fileName;
        var baseline = System.IO.Path.Combine(Paths.Baselines, origin + "." + fileName.Replace(".automix.yaml", ".g.cs", StringComparison.Ordinal));
        var expected = File.ReadAllText(baseline).Replace("\r\n", "\n", StringComparison.Ordinal);

        return new AutoMixGeneratorTest(rootNamespace: "AutoMix.Samples", projectDir: ProjectDir)
            .WithPolicy(ProjectDir + relative, File.ReadAllText(System.IO.Path.Combine(folder, fileName)))
            .ExpectingSource(HintName(expected), expected)
            .RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The hint name is the generated type's full name: read it from the baseline's namespace and class.</summary>
    private static string HintName(string source)
    {
        var ns = source.Split('\n').First(l => l.StartsWith("namespace ", StringComparison.Ordinal))["namespace ".Length..].TrimEnd(';', ' ', '\r');
        var type = source.Split('\n').Select(l => l.Trim()).First(l => l.Contains(" partial class ", StringComparison.Ordinal) || l.Contains(" class ", StringComparison.Ordinal));
        var name = type.Split(' ').SkipWhile(w => w != "class").Skip(1).First().Split(':', '(')[0].Trim();
        return ns + "." + name + ".g.cs";
    }
}
