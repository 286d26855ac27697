using AutoMix.Policies.Calibration;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Selection;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Selection;

public class CrossValidatedSelectionTests
{
    /// <summary>Synthetic rows: small is right when its confidence is high, large fixes most of the rest.</summary>
    private static IReadOnlyList<AutoMix.Policies.Data.RecordedQuery> Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<AutoMix.Policies.Data.RecordedQuery>();
        for (var i = 0; i < count; i++)
        {
            var confidence = random.NextDouble();
            var smallRight = random.NextDouble() < confidence ? 1 : 0;
            var largeRight = random.NextDouble() < 0.9 ? 1 : 0;
            rows.Add(Query(i + 1, ("s-model", smallRight, confidence), ("l-model", largeRight, 0)));
        }

        return rows;
    }

    /// <summary>small (logprob, bins left to calibration) → large.</summary>
    private static readonly PolicyDocument Policy = WithDefaultBins(Pair(ObservationBinning.Equal(9), largeCost: 20));

    private static PolicyDocument WithDefaultBins(PolicyDocument policy) => policy with
    {
        DefaultBinningTiers = new AutoMix.Policies.Collections.EquatableArray<string>(new[] { "small" }),
    };

    [Fact]
    public void The_choice_is_deterministic()
    {
        var rows = Rows(200, 3);
        var first = CrossValidatedSelection.Select(Policy, rows, PairMap);
        var second = CrossValidatedSelection.Select(Policy, rows, PairMap);
        Assert.Equal(first.Chosen, second.Chosen);
        Assert.Equal(first.Candidates.Select(c => (c.HeldOut, c.DeltaIbc, c.StandardError)), second.Candidates.Select(c => (c.HeldOut, c.DeltaIbc, c.StandardError)));
    }

    [Fact]
    public void Standard_errors_measure_the_distance_from_the_chosen_candidate_and_shrink_with_more_rows()
    {
        double MedianError(SelectionReport report)
        {
            Assert.Equal(0, report.Chosen.StandardError, 12);
            var errors = report.Candidates.Where(c => c.DeltaIbc.IsDefined && c != report.Chosen).Select(c => c.StandardError).ToList();
            Assert.All(errors, e => Assert.True(e >= 0, "a defined candidate has a defined, non-negative error"));
            Assert.InRange(report.WithinOneStandardError, 1, report.Candidates.Count);
            return errors.OrderBy(e => e).ElementAt(errors.Count / 2);
        }

        // Four times the rows: about half the standard error (1/sqrt(4)); certainly smaller.
        var few = MedianError(CrossValidatedSelection.Select(Policy, Rows(150, 6), PairMap));
        var many = MedianError(CrossValidatedSelection.Select(Policy, Rows(600, 6), PairMap));
        Assert.True(many < 0.8 * few, $"median error {few} on 150 rows, {many} on 600");

        var none = CrossValidatedSelection.Select(Policy, Rows(150, 6), PairMap, new SelectionOptions { BootstrapSamples = 0 });
        Assert.All(none.Candidates, c => Assert.True(double.IsNaN(c.StandardError)));
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidatedSelection.Select(Policy, Rows(50, 6), PairMap, new SelectionOptions { BootstrapSamples = -1 }));
    }

    [Fact]
    public void Logistic_calibration_takes_part_when_asked()
    {
        var options = new SelectionOptions { Calibrations = new[] { new CalibrationOptions { Smoothing = ObservationSmoothing.Logistic } } };
        var report = CrossValidatedSelection.Select(Policy, Rows(200, 7), PairMap, options);
        Assert.Contains(report.Candidates, c => c.ModelMaxIbc && CrossValidatedSelection.Describe(c.Calibration!) == "logistic 1");
        Assert.All(report.Candidates.Where(c => c.DeltaIbc.IsDefined), c => Assert.False(double.IsNaN(c.StandardError)));
    }

    [Fact]
    public void The_chosen_candidate_has_the_best_held_out_delta_ibc()
    {
        var report = CrossValidatedSelection.Select(Policy, Rows(200, 4), PairMap);
        var best = report.Candidates.Where(c => c.DeltaIbc.IsDefined).Max(c => c.DeltaIbc.Value);
        Assert.Equal(best, report.Chosen.DeltaIbc.Value, 9);
        Assert.Contains(report.Candidates, c => c.Kind == RouterSelectionKind.Threshold);
        Assert.Contains(report.Candidates, c => c.ModelMaxIbc);
        Assert.Contains(report.Candidates, c => !c.Binning.IsPolicyBinning);
        Assert.Equal(5, report.Folds);
    }

    [Fact]
    public void The_selection_survives_the_policy_text_and_reproduces_the_table()
    {
        var rows = Rows(150, 5);
        var report = CrossValidatedSelection.Select(Policy, rows, PairMap);
        var binned = report.Chosen.Binning.Apply(Policy, rows, PairMap, out var edges);
        var model = ObservationModelCalibrator.Calibrate(binned, rows, PairMap, report.Chosen.Calibration ?? CalibrationOptions.Default).Model with { Binning = edges };
        model = model with { Selection = CrossValidatedSelection.ToRouterSelection(report, binned with { Model = model }) };
        var text = "automix: 1\npolicy: Tiny\ntiers:\n  - { name: small, model: s-model, cost: 1, verifier: { method: logprob, cost: 1 } }\n  - { name: large, model: l-model, cost: 20 }\nrouter: { kind: pomdp, objective: max-ibc }\n"
            + ObservationModelYamlWriter.Write(model, binned);
        var compilation = PolicyCompiler.Compile(text, "tiny.automix.yaml");
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        Assert.Equal(model.Selection, compilation.Document!.Model!.Selection! with { Span = AutoMix.Policies.Diagnostics.SourceSpan.None });
        Assert.Equal(edges.Count, compilation.Document.Model.Binning.Count);
        Assert.Equal(binned.Tiers[0].Verifier!.Binning, compilation.Document.Tiers[0].Verifier!.Binning);
    }

    [Theory]
    [InlineData("  selection: { router: pomdp, lambda: -1 }", "AMX0018")]
    [InlineData("  selection: { router: magic, lambda: 1 }", "AMX0019")]
    [InlineData("  selection: { router: threshold, lambda: 0.5 }", "AMX0003")]
    [InlineData("  binning: { large: [0.5] }", "AMX0022")]
    [InlineData("  binning: { small: [0.7, 0.2] }", "AMX0018")]
    public void Bad_selection_or_binning_is_a_located_error(string line, string id)
    {
        var text = "automix: 1\npolicy: Tiny\ntiers:\n  - { name: small, model: s, cost: 1, verifier: { method: logprob, cost: 1 } }\n  - { name: large, model: l, cost: 20 }\nrouter: { kind: pomdp, objective: max-ibc }\nmodel:\n"
            + line + "\n  states:\n    - { name: a, prior: 1, performance: [1, 1], observations: { small: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2] } }\n";
        var result = PolicyParser.Parse(text, "tiny.automix.yaml");
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(7, diagnostic.Span.StartLine);
    }

    [Fact]
    public void A_tier_with_its_own_bins_keeps_them()
    {
        var text = "automix: 1\npolicy: Tiny\ntiers:\n  - { name: small, model: s, cost: 1, verifier: { method: logprob, cost: 1, observations: { bins: 2 } } }\n  - { name: large, model: l, cost: 20 }\nrouter: { kind: pomdp, objective: max-ibc }\nmodel:\n"
            + "  binning: { small: [0.5] }\n  states:\n    - { name: a, prior: 1, performance: [1, 1], observations: { small: [0.5, 0.5] } }\n";
        var result = PolicyParser.Parse(text, "tiny.automix.yaml");
        Assert.Contains(result.Diagnostics, d => d.Id == "AMX0018" && d.Message.Contains("sets its observation bins itself", StringComparison.Ordinal));
        var document = PolicyParser.ParseWithoutModel(text, "tiny.automix.yaml").Document!;
        Assert.False(BinningChoice.Eligible(document, document.Tiers[0]));
    }
}
