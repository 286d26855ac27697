using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

public class SamplePolicyTests
{
    public static TheoryData<string> Samples => new(SamplePolicies);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_policy_parses_without_diagnostics(string name)
    {
        var result = PolicyParser.Parse(SamplePolicy(name), name);
        Assert.True(result.Diagnostics.Count == 0, string.Join(Environment.NewLine, result.Diagnostics.Select(d => d.ToString())));
        Assert.NotNull(result.Document);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_policy_compiles_without_diagnostics(string name)
    {
        var document = PolicyParser.Parse(SamplePolicy(name), name).Document!;
        var compilation = AutoMix.Policies.Compilation.PolicyCompiler.Compile(document, name);
        Assert.True(compilation.Diagnostics.Count == 0, string.Join(Environment.NewLine, compilation.Diagnostics.Select(d => d.ToString())));
        Assert.NotNull(compilation.Default);
        Assert.Equal(document.Router.OperatingPoints.Count, compilation.OperatingPoints.Count);
    }

    [Fact]
    public void Every_policy_in_the_policies_folder_is_covered_by_the_sample_tests()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policies"), "*.automix.yaml")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(SamplePolicies.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Paper_policy_resolves_the_papers_setup()
    {
        var document = PolicyParser.Parse(SamplePolicy("paper-two-tier.automix.yaml"), "paper").Document!;
        Assert.Equal(1, document.SchemaVersion);
        Assert.Equal("PaperTwoTier", document.PolicyName);
        Assert.Equal("AutoMix.Samples", document.Namespace);
        Assert.Equal(new[] { "small", "large" }, document.Tiers.Select(t => t.Name));
        Assert.Equal(new[] { "llama3.1-8b", "llama3.1-70b" }, document.Tiers.Select(t => t.Model));
        Assert.Equal(new[] { 1.0, 50.0 }, document.Tiers.Select(t => t.Cost));

        var verifier = document.Tiers[0].Verifier!;
        Assert.Equal(VerifierMethod.SelfVerification, verifier.Method);
        Assert.Equal(8, verifier.Samples);
        Assert.Equal(1.0, verifier.Temperature);
        Assert.Equal(1.0, verifier.Cost); // defaults to the tier's cost
        Assert.Equal(ObservationBinning.Equal(9), verifier.Binning);
        Assert.Null(document.Tiers[1].Verifier);

        Assert.Equal(RouterKind.Pomdp, document.Router.Kind);
        Assert.Equal(ObjectiveSpec.MaxIbc, document.Router.Objective);
        Assert.Equal(0, document.Router.Threshold);
        Assert.Null(document.Router.Band);
        Assert.Empty(document.Router.OperatingPoints);

        var model = document.Model!;
        Assert.Equal(new[] { "both-wrong", "only-large-right", "only-small-right", "both-right" }, model.States.Select(s => s.Name));
        Assert.Equal(1.0, model.States.Sum(s => s.Prior), 9);
        Assert.All(model.States, s => Assert.Equal("small", Assert.Single(s.Observations).Tier));
        Assert.All(model.States, s => Assert.Equal(9, s.Observations[0].Probabilities.Count));
        Assert.Contains("hand-written", model.Provenance!.Notes);
        Assert.Equal(60, document.Budget!.MaxCostPerQuery);
        Assert.Null(document.Budget.MaxExpectedCost);

        // Spans point at the nodes they describe (zero-based).
        var text = SamplePolicy("paper-two-tier.automix.yaml");
        Assert.Equal("PaperTwoTier", text.Substring(document.PolicyNameSpan.Start, document.PolicyNameSpan.Length));
        Assert.StartsWith("name: small", text.Substring(document.Tiers[0].Span.Start));
        Assert.StartsWith("method: self-verification", text.Substring(verifier.Span.Start));
        Assert.StartsWith("kind: pomdp", text.Substring(document.Router.Span.Start));
        Assert.StartsWith("states:", text.Substring(model.Span.Start));
        Assert.StartsWith("name: both-wrong", text.Substring(model.States[0].Span.Start));
        Assert.Equal("60", text.Substring(document.Budget.MaxCostPerQuerySpan.Start, document.Budget.MaxCostPerQuerySpan.Length));
        var lines = text.Split('\n');
        var nameSpan = document.PolicyNameSpan;
        Assert.Equal("PaperTwoTier", lines[nameSpan.StartLine].Substring(nameSpan.StartColumn, "PaperTwoTier".Length));
    }

    [Fact]
    public void Threshold_policy_resolves_verifier_defaults_and_needs_no_model()
    {
        var document = PolicyParser.Parse(SamplePolicy("threshold.automix.yaml"), "threshold").Document!;
        var verifier = document.Tiers[0].Verifier!;
        Assert.Equal(8, verifier.Samples);
        Assert.Equal(1.0, verifier.Temperature);
        Assert.Equal(1.0, verifier.Cost);
        Assert.Equal(9, verifier.Binning.BinCount);
        Assert.Equal(RouterKind.Threshold, document.Router.Kind);
        Assert.Equal(0.5, document.Router.Threshold);
        Assert.Null(document.Router.Band);
        Assert.Equal(ObjectiveSpec.MaxIbc, document.Router.Objective);
        Assert.Null(document.Model);
        Assert.Null(document.Budget);
    }

    [Fact]
    public void Three_tier_policy_resolves_logprob_lambda_and_operating_points()
    {
        var document = PolicyParser.Parse(SamplePolicy("three-tier.automix.yaml"), "three").Document!;
        Assert.Equal(new[] { "small", "medium", "large" }, document.Tiers.Select(t => t.Name));
        Assert.Equal(new[] { 1.0, 10.0, 50.0 }, document.Tiers.Select(t => t.Cost));
        var medium = document.Tiers[1].Verifier!;
        Assert.Equal(VerifierMethod.Logprob, medium.Method);
        Assert.Equal(1, medium.Samples);
        Assert.Equal(2.0, medium.Cost);
        Assert.Equal(ObservationBinning.Equal(9), medium.Binning);
        Assert.Equal(ObjectiveSpec.ForLambda(0.005), document.Router.Objective);
        var economy = Assert.Single(document.Router.OperatingPoints);
        Assert.Equal("economy", economy.Name);
        Assert.Equal(ObjectiveSpec.ForMaxExpectedCost(5), economy.Objective);

        var states = document.Model!.States;
        Assert.Equal(8, states.Count);
        var vectors = states.Select(s => string.Concat(s.Performance.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToHashSet();
        Assert.Equal(8, vectors.Count); // every binary performance vector once
        Assert.All(states, s => Assert.Equal(new[] { "small", "medium" }, s.Observations.Select(r => r.Tier)));
    }

    [Fact]
    public void Quickstart_keeps_the_model_section_last_so_calibration_can_replace_it()
    {
        var text = SamplePolicy("quickstart.automix.yaml");
        var document = PolicyParser.Parse(text, "quickstart").Document!;
        Assert.NotNull(document.Model);
        var modelLine = Array.FindIndex(text.Split('\n'), l => l.StartsWith("model:", StringComparison.Ordinal));
        var laterTopLevelKeys = text.Split('\n').Skip(modelLine + 1).Where(l => l.Length > 0 && char.IsLetter(l[0]));
        Assert.Empty(laterTopLevelKeys);
    }

    [Fact]
    public void Parsing_is_deterministic_and_documents_compare_by_value()
    {
        var text = SamplePolicy("three-tier.automix.yaml");
        Assert.Equal(PolicyParser.Parse(text, "a"), PolicyParser.Parse(text, "a"));
    }
}
