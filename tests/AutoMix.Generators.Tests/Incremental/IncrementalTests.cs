using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoMix.Generators.Tests.Incremental;

/// <summary>The pipeline re-runs only what an edit touches.</summary>
public sealed class IncrementalTests
{
    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void Unchanged_input_serves_every_named_step_from_the_cache()
    {
        var (driver, compilation, _) = Start();

        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var name in TrackingNames.All)
        {
            var steps = Steps(result, name);
            Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, CachedOrUnchanged));
    }

    [Fact]
    public void Editing_one_of_two_policies_recompiles_and_re_emits_only_that_one()
    {
        var (driver, compilation, files) = Start();
        var edited = GeneratorHarness.Policy(files[1].Path, files[1].Content.Replace("threshold: 0.6", "threshold: 0.8", StringComparison.Ordinal));

        var result = driver.ReplaceAdditionalText(files[1], edited).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }, Reasons(result, TrackingNames.CompiledPolicies));
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }, Reasons(result, TrackingNames.EmitModels));
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.EmitInputs)[0]);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.EmitInputs)[1]);
        // The set of generated types did not change, so the duplicate check's result is unchanged.
        Assert.Contains(Reasons(result, TrackingNames.SuppressedPolicies).Single(), CachedOrUnchanged);
        Assert.Contains("0.8", result.GeneratedSources.Single(s => s.HintName.Contains("Triage", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_only_edit_reparses_but_does_not_re_emit()
    {
        var (driver, compilation, files) = Start();
        var edited = GeneratorHarness.Policy(files[0].Path, "# A new comment that shifts every line.\n" + files[0].Content.Replace("# A two-tier", "# Still a two-tier", StringComparison.Ordinal));

        var result = driver.ReplaceAdditionalText(files[0], edited).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.CompiledPolicies)[0]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.EmitModels)[0]);
        Assert.All(Reasons(result, TrackingNames.EmitInputs), r => Assert.Contains(r, CachedOrUnchanged));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, CachedOrUnchanged));
    }

    [Fact]
    public void An_unrelated_csharp_edit_reruns_nothing()
    {
        var (driver, compilation, _) = Start();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { public class Unrelated { } }", GeneratorHarness.ParseOptions));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in TrackingNames.All)
        {
            Assert.All(Steps(result, name).SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        }
    }

    [Fact]
    public void Renaming_a_policy_type_re_emits_it_and_reruns_the_duplicate_check()
    {
        var (driver, compilation, files) = Start();
        var edited = GeneratorHarness.Policy(files[1].Path, files[1].Content.Replace("policy: Triage", "policy: Triage2", StringComparison.Ordinal));

        var result = driver.ReplaceAdditionalText(files[1], edited).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.AllTypeClaims).Single());
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Consumer.App.Triage2.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "Consumer.App.Triage.g.cs");
    }

    private static (GeneratorDriver Driver, Compilation Compilation, InMemoryAdditionalText[] Files) Start()
    {
        var files = new[] { GeneratorHarness.TestPolicy("support.automix.yaml"), GeneratorHarness.TestPolicy("triage.automix.yaml") };
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { public class Existing { } }");
        var driver = GeneratorHarness.CreateDriver(files, trackSteps: true).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        return (driver, compilation, files);
    }

    private static IReadOnlyList<IncrementalGeneratorRunStep> Steps(GeneratorRunResult result, string name) =>
        result.TrackedSteps.TryGetValue(name, out var steps) ? steps : Array.Empty<IncrementalGeneratorRunStep>();

    /// <summary>The reason of each output of a per-policy step, in policy order (support, triage).</summary>
    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string name)
    {
        var steps = Steps(result, name);
        Assert.NotEmpty(steps);
        return steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
    }
}
