using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

public class ParserBehaviourTests
{
    private const string ThresholdPolicy =
        """
        automix: 1
        policy: Demo
        tiers:
          - name: small
            model: m-small
            cost: 1
            verifier:
              method: self-verification
          - name: large
            model: m-large
            cost: 10
        router:
          kind: threshold
          threshold: 0.5

        """;

    private static string[] Ids(string text) => Parse(text).Diagnostics.Select(d => d.Id).ToArray();

    [Fact]
    public void Did_you_mean_suggests_the_closest_key()
    {
        Assert.Equal("samples", KeySuggester.Suggest("sampels", new[] { "method", "samples", "temperature", "cost", "observations" }));
        Assert.Null(KeySuggester.Suggest("flavour", new[] { "method", "samples" }));
        Assert.Equal(2, KeySuggester.Distance("sampels", "samples"));
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("policy: Demo", "polcy: Demo"), "AMX0002", 2, 1);
        Assert.Equal("Unknown key 'polcy' in the top level; did you mean 'policy'?", diagnostic.Message);
        var far = AssertDiagnostic(Valid.ReplaceOnce("samples: 2", "flavour: 2"), "AMX0002", 9, 7);
        Assert.EndsWith("in tiers[0].verifier", far.Message);
    }

    [Fact]
    public void All_problems_are_reported_not_just_the_first()
    {
        var ids = Ids(Fixture("many-errors.automix.yaml"));
        Assert.Contains("AMX0005", ids);
        Assert.Contains("AMX0023", ids);
        Assert.Contains("AMX0009", ids); // tier cost and budget
        Assert.Equal(2, ids.Count(id => id == "AMX0009"));
        Assert.Equal(2, ids.Count(id => id == "AMX0019")); // method and router kind
        Assert.Contains("AMX0002", ids);
        Assert.Contains("AMX0007", ids);
    }

    [Fact]
    public void Diagnostics_are_sorted_by_position()
    {
        var spans = Parse(Fixture("many-errors.automix.yaml")).Diagnostics.Select(d => d.Span.Start).ToArray();
        Assert.Equal(spans.Order(), spans);
    }

    [Fact]
    public void Verifier_binning_resolves_per_tier_then_top_level_then_equal_bins()
    {
        var text = ThresholdPolicy.ReplaceOnce("tiers:", "observations: { edges: [0.3, 0.9] }\ntiers:");
        var topLevel = Parse(text).Document!;
        Assert.Equal(new[] { 0.3, 0.9 }, topLevel.Tiers[0].Verifier!.Binning.InteriorEdges.ToArray());

        var perTier = Parse(text.ReplaceOnce("      method: self-verification", "      method: self-verification\n      observations: { bins: 4 }")).Document!;
        Assert.Equal(ObservationBinning.Equal(4), perTier.Tiers[0].Verifier!.Binning);

        var sampled = Parse(ThresholdPolicy.ReplaceOnce("method: self-verification", "method: self-consistency\n      samples: 4")).Document!;
        Assert.Equal(ObservationBinning.Equal(5), sampled.Tiers[0].Verifier!.Binning);

        var logprob = Parse(ThresholdPolicy.ReplaceOnce("method: self-verification", "method: logprob")).Document!.Tiers[0].Verifier!;
        Assert.Equal((1, 9), (logprob.Samples, logprob.Binning.BinCount));
    }

    [Fact]
    public void Verifier_cost_defaults_to_the_tier_cost_and_can_be_set()
    {
        var defaulted = Parse(ThresholdPolicy.ReplaceOnce("    cost: 1\n", "    cost: 3\n")).Document!;
        Assert.Equal(3, defaulted.Tiers[0].Verifier!.Cost);
        Assert.Equal(6, defaulted.Tiers[0].VisitCost);
        var explicitCost = Parse(ThresholdPolicy.ReplaceOnce("method: self-verification", "method: self-verification\n      cost: 0.25\n      temperature: 0.7")).Document!;
        Assert.Equal(0.25, explicitCost.Tiers[0].Verifier!.Cost);
        Assert.Equal(0.7, explicitCost.Tiers[0].Verifier!.Temperature);
    }

    [Fact]
    public void Double_threshold_sets_the_band_and_rejects_low_above_high()
    {
        var document = Parse(ThresholdPolicy.ReplaceOnce("threshold: 0.5", "double-threshold: { low: 0.1, high: 0.7 }")).Document!;
        Assert.Equal(new ThresholdBand(0.1, 0.7), document.Router.Band);
        Assert.Equal(0.7, document.Router.Threshold);

        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("threshold: 0.5", "double-threshold: { low: 0.8, high: 0.7 }"), "AMX0018", 14, 21);
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("threshold: 0.5", "double-threshold: { low: -0.1, high: 0.7 }"), "AMX0017", 14, 28);
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("threshold: 0.5", "threshold: 0.5\n  double-threshold: { low: 0.1, high: 0.7 }"), "AMX0018", 15, 3);
        var neither = AssertDiagnostic(ThresholdPolicy.ReplaceOnce("  threshold: 0.5\n", ""), "AMX0003", 13, 3);
        Assert.Equal("Missing required key 'threshold' or 'double-threshold' in router", neither.Message);
    }

    [Fact]
    public void Router_keys_of_the_other_kind_are_rejected()
    {
        var diagnostic = AssertDiagnostic(ThresholdPolicy.ReplaceOnce("threshold: 0.5", "threshold: 0.5\n  objective: max-ibc"), "AMX0018", 15, 3);
        Assert.Contains("only 'pomdp' routers", diagnostic.Message);
        AssertDiagnostic(Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  threshold: 0.5"), "AMX0018", 15, 3);
    }

    [Fact]
    public void Objectives_and_operating_points_are_validated()
    {
        var text = Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  objective: { max-expected-cost: 4 }\n  operating-points:\n    - name: economy\n      objective: { lambda: 0.1 }\n    - name: best\n      objective: max-ibc");
        var router = Parse(text).Document!.Router;
        Assert.Equal(ObjectiveSpec.ForMaxExpectedCost(4), router.Objective);
        Assert.Equal(new[] { "economy", "best" }, router.OperatingPoints.Select(p => p.Name));
        Assert.Equal(ObjectiveSpec.ForLambda(0.1), router.OperatingPoints[0].Objective);

        var typo = AssertDiagnostic(Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  objective: max-ib"), "AMX0019", 15, 14);
        Assert.EndsWith("did you mean 'max-ibc'?", typo.Message);
        AssertDiagnostic(Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  objective: { lambda: -1 }"), "AMX0018", 15, 24);
        AssertDiagnostic(Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  objective: { lambda: 1, max-expected-cost: 2 }"), "AMX0018", 15, 27);
        AssertDiagnostic(Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  operating-points:\n    - name: default\n      objective: max-ibc"), "AMX0023", 16, 13);
        var duplicate = AssertDiagnostic(
            Valid.ReplaceOnce("kind: pomdp", "kind: pomdp\n  operating-points:\n    - { name: eco, objective: max-ibc }\n    - { name: eco, objective: max-ibc }"),
            "AMX0027",
            17,
            15);
        Assert.Contains("first at line 16", duplicate.Message);
    }

    [Fact]
    public void Observation_rows_come_out_in_tier_order()
    {
        var text = SamplePolicy("three-tier.automix.yaml");
        var lines = text.Split('\n').ToList();
        for (var i = 0; i < lines.Count - 1; i++)
        {
            if (lines[i].TrimStart().StartsWith("small: [", StringComparison.Ordinal) && lines[i + 1].TrimStart().StartsWith("medium: [", StringComparison.Ordinal))
            {
                (lines[i], lines[i + 1]) = (lines[i + 1], lines[i]);
            }
        }

        var swapped = string.Join('\n', lines);
        Assert.NotEqual(text, swapped);
        var document = Parse(swapped).Document!;
        Assert.All(document.Model!.States, s => Assert.Equal(new[] { "small", "medium" }, s.Observations.Select(r => r.Tier)));
    }

    [Fact]
    public void Binning_values_are_checked()
    {
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("tiers:", "observations: { bins: 1 }\ntiers:"), "AMX0018", 3, 23);
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("tiers:", "observations: { bins: 3, edges: [0.5] }\ntiers:"), "AMX0018", 3, 26);
        var order = AssertDiagnostic(ThresholdPolicy.ReplaceOnce("tiers:", "observations: { edges: [0.5, 0.4] }\ntiers:"), "AMX0018", 3, 30);
        Assert.Contains("strictly increasing", order.Message);
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("tiers:", "observations: { edges: [0.5, 1] }\ntiers:"), "AMX0018", 3, 30);
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("tiers:", "observations: {}\ntiers:"), "AMX0003", 3, 15);
        var logprob = AssertDiagnostic(ThresholdPolicy.ReplaceOnce("method: self-verification", "method: logprob\n      samples: 3"), "AMX0018", 9, 16);
        Assert.Contains("must be 1", logprob.Message);
        AssertDiagnostic(ThresholdPolicy.ReplaceOnce("method: self-verification", "method: logprob\n      temperature: 2.5"), "AMX0018", 9, 20);
    }

    [Fact]
    public void Numbers_are_strict_invariant_and_finite()
    {
        var quoted = AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: \"10\""), "AMX0004", 12, 11);
        Assert.Contains("quoted string", quoted.Message);
        var infinite = AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: .inf"), "AMX0004", 12, 11);
        Assert.Contains("finite", infinite.Message);
        AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: .nan"), "AMX0004", 12, 11);
        AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: 1e999"), "AMX0004", 12, 11);
        AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: 10,5"), "AMX0004", 12, 11);
        AssertDiagnostic(Valid.ReplaceOnce("samples: 2", "samples: 2.0"), "AMX0004", 9, 16);
        AssertDiagnostic(Valid.ReplaceOnce("automix: 1", "automix: '1'"), "AMX0004", 1, 10);
        Assert.Equal(12.5, Parse(Valid.ReplaceOnce("cost: 10", "cost: 1.25e1")).Document!.Tiers[1].Cost);
    }

    [Fact]
    public void Wrong_node_kinds_are_reported()
    {
        Assert.Equal("AMX0004", Assert.Single(Parse("- a\n- b\n").Diagnostics).Id);
        var tiers = AssertDiagnostic(Valid.ReplaceOnce("tiers:", "tiers: 3\nx_tiers:"), "AMX0004", 3, 8);
        Assert.Equal("'tiers' must be a list, but found '3'", tiers.Message);
        AssertDiagnostic(Valid.ReplaceOnce("router:\n  kind: pomdp", "router: pomdp"), "AMX0004", 13, 9);
    }

    [Fact]
    public void More_than_one_yaml_document_is_a_syntax_error()
    {
        AssertDiagnostic(Valid + "---\nautomix: 1\n", "AMX0001", 25, 1);
    }

    [Fact]
    public void Anchors_and_aliases_are_resolved()
    {
        var text = Valid.ReplaceOnce("small: [0.5, 0.3, 0.2]", "small: &row [0.4, 0.3, 0.3]").ReplaceOnce("small: [0.1, 0.2, 0.7]", "small: *row");
        var document = Parse(text).Document!;
        Assert.Equal(document.Model!.States[0].Observations, document.Model.States[1].Observations);
        AssertDiagnostic(Valid.ReplaceOnce("small: [0.1, 0.2, 0.7]", "small: *missing"), "AMX0001", 24, 16);
    }

    [Fact]
    public void Windows_line_endings_give_the_same_positions()
    {
        var text = Valid.ReplaceOnce("cost: 10", "cost: 0").Replace("\n", "\r\n");
        var diagnostic = Assert.Single(Parse(text).Diagnostics);
        Assert.Equal(("AMX0009", 11, 10), (diagnostic.Id, diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Identifiers_and_namespaces_are_checked()
    {
        Assert.Null(Parse(Valid.ReplaceOnce("policy: Demo", "policy: Demo\nnamespace: My.Company_1.Policies")).Diagnostics.FirstOrDefault());
        var ns = AssertDiagnostic(Valid.ReplaceOnce("policy: Demo", "policy: Demo\nnamespace: My..Policies"), "AMX0023", 3, 12);
        Assert.Contains("part 2", ns.Message);
        var lower = AssertDiagnostic(Valid.ReplaceOnce("policy: Demo", "policy: demo"), "AMX0023", 2, 9);
        Assert.Contains("CS8981", lower.Message);
        var keyword = AssertDiagnostic(Valid.ReplaceOnce("name: large", "name: class"), "AMX0006", 10, 11);
        Assert.Contains("keyword", keyword.Message);
    }

    [Fact]
    public void Threshold_router_without_model_has_default_objective_and_no_operating_points()
    {
        var router = Parse(ThresholdPolicy).Document!.Router;
        Assert.Equal(ObjectiveSpec.MaxIbc, router.Objective);
        Assert.Empty(router.OperatingPoints);
    }

    [Fact]
    public void Budget_values_and_spans()
    {
        var text = ThresholdPolicy + "budget:\n  max-cost-per-query: 20\n  max-expected-cost: 4.5\n";
        var budget = Parse(text).Document!.Budget!;
        Assert.Equal((20.0, 4.5), (budget.MaxCostPerQuery!.Value, budget.MaxExpectedCost!.Value));
        Assert.Equal((15, 22), (budget.MaxCostPerQuerySpan.StartLine, budget.MaxCostPerQuerySpan.StartColumn));
        AssertDiagnostic(ThresholdPolicy + "budget:\n  max-expected-cost: -1\n", "AMX0009", 16, 22);
    }

    [Fact]
    public void Long_values_are_cut_in_messages()
    {
        var longName = new string('x', 5000);
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("method: self-verification", "method: " + longName), "AMX0019", 8, 15);
        Assert.True(diagnostic.Message.Length < 400, diagnostic.Message);
    }

    [Fact]
    public void Null_text_and_path_do_not_throw()
    {
        var result = PolicyParser.Parse(null!, null!);
        Assert.Equal("AMX0025", Assert.Single(result.Diagnostics).Id);
    }
}
