using AutoMix.Generators.Diagnostics;
using AutoMix.Generators.Parser;
using AutoMix.Generators.Tests.Infrastructure;
using AutoMix.Policies.Diagnostics;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Diagnostics;

/// <summary>
/// Every diagnostic the generator can surface points into the YAML: ID, file, line and column. The cases the Roslyn
/// test framework can state are in Framework/FrameworkDiagnosticTests; these need the driver's run result (catalog
/// fields, fault injection, the compilation).
/// </summary>
public sealed class DiagnosticTests
{
    private const string Path = "policies/support.automix.yaml";

    [Fact]
    public void A_keyword_tier_name_is_rejected_AMX0006()
    {
        var result = Run(PolicyTexts.Threshold("Keywords", "small", "default"));

        Single(result, "AMX0006", 8, 11);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Internal_failure_AMX0201_carries_the_exception_text_and_does_not_stop_other_policies()
    {
        const string faulty = "policies/fault-injection.automix.yaml";
        PolicyCompilerStep.ThrowForPathsInTests[faulty] = true;
        try
        {
            var files = new[]
            {
                GeneratorHarness.Policy(faulty, PolicyTexts.Threshold("Faulty", "small", "large")),
                GeneratorHarness.Policy("policies/fine.automix.yaml", PolicyTexts.Threshold("Fine", "small", "large")),
            };

            var (result, output, _) = GeneratorHarness.Run(files);

            var diagnostic = Assert.Single(result.Diagnostics);
            AssertAt(diagnostic, "AMX0201", faulty, 1, 1);
            Assert.Equal(
                "AutoMix could not process this policy because of an internal error: InvalidOperationException: fault injected by a test",
                diagnostic.GetMessage());
            Assert.Null(result.Exception);
            Assert.NotNull(output.GetTypeByMetadataName("Consumer.App.Fine"));
        }
        finally
        {
            PolicyCompilerStep.ThrowForPathsInTests.TryRemove(faulty, out _);
        }
    }

    [Fact]
    public void An_unreadable_policy_file_is_AMX0201()
    {
        var (result, _, _) = GeneratorHarness.Run(new AdditionalText[] { new UnreadableAdditionalText("policies/gone.automix.yaml") });

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "AMX0201", "policies/gone.automix.yaml", 1, 1);
        Assert.EndsWith("the file could not be read", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_file_that_throws_when_read_is_AMX0201_with_the_exception_text()
    {
        var (result, _, _) = GeneratorHarness.Run(new AdditionalText[] { new ThrowingAdditionalText("policies/fire.automix.yaml") });

        var diagnostic = Assert.Single(result.Diagnostics);
        AssertAt(diagnostic, "AMX0201", "policies/fire.automix.yaml", 1, 1);
        Assert.EndsWith("IOException: disk on fire", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Null(result.Exception);
    }

    [Fact]
    public void Reported_diagnostics_print_like_compiler_errors_inside_the_yaml()
    {
        var result = Run(
            "automix: 1\npolicy: Typo\ntiers:\n  - name: small\n    model: m\n    cost: 1\n    verifer: { method: logprob }\n"
            + "  - name: large\n    model: l\n    cost: 5\nrouter:\n  kind: threshold\n  threshold: 0.5\n");

        Assert.StartsWith(
            "policies/support.automix.yaml(7,5): error AMX0002: Unknown key 'verifer'",
            result.Diagnostics.Single(d => d.Id == "AMX0002").ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Roslyn_descriptors_are_built_from_the_one_policy_catalog()
    {
        Assert.Equal(PolicyDiagnosticDescriptors.All.Count, AutoMixDiagnostics.All.Count);
        foreach (var (entry, descriptor) in PolicyDiagnosticDescriptors.All.Zip(AutoMixDiagnostics.All))
        {
            Assert.Equal(entry.Id, descriptor.Id);
            Assert.Equal(entry.Title, descriptor.Title.ToString());
            Assert.Equal(entry.MessageFormat, descriptor.MessageFormat.ToString());
            Assert.Equal(entry.Category, descriptor.Category);
            Assert.Equal(entry.HelpText, descriptor.Description.ToString());
            Assert.Equal(AutoMixDiagnostics.ToSeverity(entry.Severity), descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault);
        }
    }

    [Fact]
    public void A_reported_diagnostic_carries_the_catalog_title_category_and_help()
    {
        var result = Run(PolicyTexts.Pomdp("Lazy", 5));

        // λ = 5: nothing is worth routing, so large is never called and small's verifier is not called either (AMX0105).
        var descriptor = result.Diagnostics.Single(d => d.Id == "AMX0102").Descriptor;
        Assert.Contains(result.Diagnostics, d => d.Id == "AMX0105");
        Assert.Equal(PolicyDiagnosticDescriptors.UnreachableTier.Title, descriptor.Title.ToString());
        Assert.Equal(PolicyDiagnosticDescriptors.UnreachableTier.Category, descriptor.Category);
        Assert.Equal(PolicyDiagnosticDescriptors.UnreachableTier.HelpText, descriptor.Description.ToString());
    }

    private static GeneratorRunResult Run(string text) =>
        GeneratorHarness.Run(new[] { GeneratorHarness.Policy(Path, text) }).Result;

    private static Diagnostic Single(GeneratorRunResult result, string id, int line, int column)
    {
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        AssertAt(diagnostic, id, Path, line, column);
        return diagnostic;
    }

    private static void AssertAt(Diagnostic diagnostic, string id, string path, int line, int column)
    {
        Assert.Equal(id, diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile);
    }
}
