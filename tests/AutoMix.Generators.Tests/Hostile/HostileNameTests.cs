using AutoMix.Generators.Tests.Infrastructure;
using AutoMix.Policies.Compilation;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Hostile;

/// <summary>
/// Names that <c>automix check</c> accepts must compile, and names that cannot compile must be an AMX error that
/// <c>check</c> (the shared compiler) and the build report alike, at the YAML line of the name.
/// </summary>
public sealed class HostileNameTests
{
    private const string Path = "/src/consumer/policies/names.automix.yaml";

    /// <summary>(policy, namespace, small tier, large tier, operating point, expected AMX error or null for "compiles").</summary>
    public static TheoryData<string, string?, string, string, string?, string?> Names() => new()
    {
        // Compiles: the generated code uses qualified references and members that cannot collide.
        { "Names", null, "tier_names", "large", null, null },
        { "Names", null, "Definition", "large", null, null },
        { "Names", null, "options", "cascadeOptions", null, null },
        { "Names", null, "Names", "large", null, null },
        { "Names", null, "small", "large", "expected_cost", null },
        { "Names", null, "small", "large", "worst_case_path", null },
        { "DefaultNodeTier", null, "small", "large", null, null },
        { "Names", null, "small", "Tier", null, null },
        // Rejected, by check and build alike.
        { "Names", null, "small", "sm\u200ball", null, "AMX0006" },
        { "Names", null, "small", "lar\u202ege", null, "AMX0006" },
        { "Names", null, "small", new string('x', 100_000), null, "AMX0006" },
        { "AutoMixCascade", "AutoMix", "small", "large", null, "AMX0023" },
        { "CascadeDefinition", "AutoMix", "small", "large", null, "AMX0023" },
        { "IChatClient", "Microsoft.Extensions.AI", "small", "large", null, "AMX0023" },
        { "AutoMix", null, "small", "large", null, "AMX0023" },
        { "Tier", null, "small", "large", null, "AMX0023" },
        { "Describe", null, "small", "large", null, "AMX0023" },
        { "Names", "A" + new string('b', 200), "small", "large", null, "AMX0023" },
        { "Names", null, "small", "large", "eco\u200bnomy", "AMX0023" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Check_and_build_agree_and_accepted_names_compile(string policy, string? ns, string small, string large, string? point, string? expectedError)
    {
        var text = HostilePolicies.WithNames(policy, ns, small, large, point);

        var check = PolicyCompiler.Compile(text, Path);
        var (result, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy(Path, text) });

        Assert.Null(result.Exception);
        var checkErrors = check.Diagnostics.Where(d => d.IsError).Select(d => (d.Id, d.Span.StartLine)).ToList();
        var buildErrors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line)).ToList();
        Assert.Equal(checkErrors, buildErrors);
        if (expectedError is null)
        {
            Assert.Empty(checkErrors);
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
        else
        {
            var (id, line) = Assert.Single(checkErrors);
            Assert.Equal(expectedError, id);
            var nameLine = text.Split('\n').ToList().FindIndex(l => l.Contains(HostilePolicies.Quoted(Pick(expectedError, policy, ns, large, point)), StringComparison.Ordinal));
            Assert.Equal(nameLine, line);

            // Never a real class; at most the placeholder of its public shape (PlaceholderTests), which compiles.
            Assert.All(result.GeneratedSources, s => Assert.Contains("placeholder", s.SourceText.ToString(), StringComparison.Ordinal));
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    /// <summary>The offending name: the policy or namespace for AMX0023 (or the point, when given), the large tier for AMX0006.</summary>
    private static string Pick(string id, string policy, string? ns, string large, string? point) => id == "AMX0006"
        ? large
        : point ?? (ns is not null && ns.Length > 100 ? ns : policy);
}
