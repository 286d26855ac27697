using AutoMix.Policies.Calibration;
using AutoMix.Policies.Data;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tests.Experiments;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Calibration;

public class ObservationModelCalibratorTests
{
    // Two bins (edge 0.5). Rows: 1,2 both right (small conf 0.9 / 0.8; row 2 small score 0.6 rounds to 1);
    // 3 only large right (conf 0.2); 4 both wrong (conf 0.7); 5 lacks the large model and is skipped.
    private static readonly RecordedQuery[] Rows =
    {
        Query(1, ("s-model", 1, 0.9), ("l-model", 1, 0.5)),
        Query(2, ("s-model", 0.6, 0.8), ("l-model", 1, 0.5)),
        Query(3, ("s-model", 0, 0.2), ("l-model", 1, 0.5)),
        Query(4, ("s-model", 0, 0.7), ("l-model", 0, 0.5)),
        Query(5, ("s-model", 1, 0.9)),
    };

    [Fact]
    public void Laplace_model_matches_hand_computation()
    {
        var result = ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(2)), Rows, PairMap,
            CalibrationOptions.Default with { DataName = "tiny.jsonl", DataHash = "abc", Date = "2026-11-21" });
        var states = result.Model.States;

        Assert.Equal(new[] { "small=1,large=1", "small=0,large=1", "small=0,large=0" }, states.Select(s => s.Name));
        Assert.Equal(new[] { 0.5, 0.25, 0.25 }, states.Select(s => s.Prior));
        Assert.Equal(new[] { 0.8, 1.0 }, states[0].Performance.ToArray());
        Assert.Equal(new[] { 0.0, 1.0 }, states[1].Performance.ToArray());

        // (count + 1) / (n + 2): both-right [0, 2] → [1/4, 3/4]; only-large [1, 0] → [2/3, 1/3]; both-wrong [0, 1] → [1/3, 2/3].
        Assert.Equal(new[] { 0.25, 0.75 }, Row(states[0]));
        Assert.Equal(new[] { 2.0 / 3, 1.0 / 3 }, Row(states[1]));
        Assert.Equal(new[] { 1.0 / 3, 2.0 / 3 }, Row(states[2]));
        Assert.Single(states[0].Observations);

        var report = result.Report;
        Assert.Equal((4, 1), (report.RowsUsed, report.RowsSkippedMissingModel));
        Assert.Equal(new[] { new StateCount("small=1,large=1", 2), new StateCount("small=0,large=1", 1), new StateCount("small=0,large=0", 1) }, report.States);
        Assert.Equal(new[] { new ConfidenceSummary("s-model", 4, 0, 0) }, report.Signals);

        var provenance = result.Model.Provenance!;
        Assert.Equal(("tiny.jsonl", (int?)4, "sha256:abc", "2026-11-21"), (provenance.Data, provenance.Rows, provenance.Hash, provenance.Date));
        Assert.Contains("Laplace alpha 1", provenance.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Alpha_and_score_levels_are_options()
    {
        var result = ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(2)), Rows, PairMap,
            CalibrationOptions.Default with { Alpha = 0.5, ScoreLevels = 3 });

        // Three levels: 0.6 rounds to 0.5, so row 2 forms its own state.
        Assert.Equal(new[] { "small=1,large=1", "small=0.5,large=1", "small=0,large=1", "small=0,large=0" }, result.Model.States.Select(s => s.Name));
        Assert.Equal(new[] { 0.5 / 2, 1.5 / 2 }, Row(result.Model.States[0]));
    }

    [Fact]
    public void Unknown_model_lists_the_models_present()
    {
        var map = new Dictionary<string, string> { ["small"] = "s-model", ["large"] = "gpt-9" };
        var error = Assert.Throws<ArgumentException>(() => ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(2)), Rows, map));
        Assert.Contains("Model 'gpt-9' (tier 'large') does not occur in the data; models present: l-model, s-model.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmapped_or_unknown_tiers_are_errors()
    {
        var missing = new Dictionary<string, string> { ["small"] = "s-model" };
        Assert.Contains("Tier 'large' is not mapped", Assert.Throws<ArgumentException>(() => ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(2)), Rows, missing)).Message, StringComparison.Ordinal);

        var extra = new Dictionary<string, string>(PairMap) { ["medium"] = "s-model" };
        Assert.Contains("names tier 'medium'", Assert.Throws<ArgumentException>(() => ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(2)), Rows, extra)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_mapping_uses_the_models_the_policy_names()
    {
        var policy = Pair(ObservationBinning.Equal(2));
        Assert.Equal(PairMap.OrderBy(p => p.Key), TierModels.FromPolicy(policy).OrderBy(p => p.Key));
        var result = ObservationModelCalibrator.Calibrate(policy, Rows, TierModels.FromPolicy(policy));
        Assert.Equal(4, result.Report.RowsUsed);
    }

    [Fact]
    public void No_complete_row_is_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(2)), new[] { Rows[4], Rows[0] with { Runs = new Dictionary<string, RecordedRun> { ["l-model"] = Run(1, 1) } } }, PairMap));
        Assert.Contains("None of the 2 rows", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void Kernel_density_rows_sum_to_one_without_zeros(double? bandwidth)
    {
        var options = CalibrationOptions.Default with { Smoothing = ObservationSmoothing.KernelDensity, Bandwidth = bandwidth };
        var result = ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(10)), Rows, PairMap, options);
        foreach (var state in result.Model.States)
        {
            var row = Row(state);
            Assert.Equal(1.0, row.Sum(), 12);
            Assert.All(row, p => Assert.True(p >= options.KernelFloor / 10 - 1e-15));
        }

        // With a narrow kernel the both-right state (confidences 0.8, 0.9) puts most mass on the upper bins.
        if (bandwidth is not > 0.1)
        {
            Assert.True(Row(result.Model.States[0]).Skip(7).Sum() > 0.5);
        }
    }

    [Fact]
    public void Kernel_density_reflects_mass_at_the_boundary()
    {
        // One confidence of exactly 1, bandwidth 0.25, bins [0, 0.5) and [0.5, 1]. The mirror kernel at 2 − c = 1
        // doubles the kernel's inside half; the mirror at −1 adds its tail. Then renormalise and mix in the floor.
        var options = CalibrationOptions.Default with { Smoothing = ObservationSmoothing.KernelDensity, Bandwidth = 0.25, KernelFloor = 0.01 };
        var row = ObservationModelCalibrator.KernelDensity(new[] { 1.0 }, AutoMix.Policies.Observation.ObservationProcess.For(new VerifierSpec(VerifierMethod.Logprob, 1, 1, 1, ObservationBinning.Equal(2), AutoMix.Policies.Diagnostics.SourceSpan.None)), options);
        static double Phi(double z) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, z);
        var top = (2 * (0.5 - Phi(-2))) + (Phi(8) - Phi(6));
        var bottom = (2 * (Phi(-2) - Phi(-4))) + (Phi(6) - Phi(4));
        Assert.Equal((0.99 * top / (top + bottom)) + 0.005, row[1], 12);
        Assert.Equal((0.99 * bottom / (top + bottom)) + 0.005, row[0], 12);
        Assert.True(top + bottom > 0.9999);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var policy = Pair(ObservationBinning.Equal(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationModelCalibrator.Calibrate(policy, Rows, PairMap, CalibrationOptions.Default with { Alpha = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationModelCalibrator.Calibrate(policy, Rows, PairMap, CalibrationOptions.Default with { ScoreLevels = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationModelCalibrator.Calibrate(policy, Rows, PairMap, CalibrationOptions.Default with { ScoreLevels = 102 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationModelCalibrator.Calibrate(policy, Rows, PairMap, CalibrationOptions.Default with { Bandwidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationModelCalibrator.Calibrate(policy, Rows, PairMap, CalibrationOptions.Default with { KernelFloor = 0 }));
    }

    [Theory]
    [InlineData(ObservationSmoothing.Laplace)]
    [InlineData(ObservationSmoothing.KernelDensity)]
    [InlineData(ObservationSmoothing.Logistic)]
    public void Fifty_real_rows_give_a_valid_model_that_routes_sensibly(ObservationSmoothing smoothing)
    {
        var experiment = Experiment.RationalCascades("mmlu", new[] { 1.0, 50 }, "llama3.1-8b", "llama3.1-70b");
        var train = experiment.Train.Take(50).ToList();
        var policy = (experiment with { Train = train }).Policy(8);
        var result = ObservationModelCalibrator.Calibrate(policy, train, experiment.TierMap, CalibrationOptions.Default with { Smoothing = smoothing });
        var model = result.Model;

        Assert.Equal(50, result.Report.RowsUsed);
        Assert.Equal(1.0, model.States.Sum(s => s.Prior), 12);
        foreach (var state in model.States)
        {
            Assert.Equal(1.0, Row(state).Sum(), 12);
            Assert.All(Row(state), p => Assert.True(p > 0));
            Assert.All(state.Performance, p => Assert.InRange(p, 0, 1));
        }

        // Solved for max ΔIBC: the most confident bin keeps the small answer, some bin routes to the large model, and
        // on the 1531 unseen test rows the router beats random mixing.
        var calibrated = policy with { Model = model };
        var chosen = OperatingPointSelector.MaxIbc(calibrated, PomdpSolver.Frontier(calibrated));
        var bins = policy.Tiers[0].Verifier!.Binning.BinCount;
        Assert.True(chosen.Table.ActionAt(0, bins - 1).IsAccept);
        Assert.Contains(Enumerable.Range(0, bins), bin => !chosen.Table.ActionAt(0, bin).IsAccept);
        var test = OfflineEvaluator.Evaluate(chosen.Table, calibrated, experiment.Test, experiment.TierMap);
        Assert.True(test.DeltaIbc.Value > 0, $"ΔIBC {test.DeltaIbc.Value}");
    }

    private static double[] Row(HiddenState state) => state.Observations[0].Probabilities.ToArray();
}
