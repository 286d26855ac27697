using AutoMix.Policies.Data;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Evaluation;

public class OfflineEvaluatorTests
{
    // small: cost 1 + verifier 1, two bins (edge 0.5); large: cost 10. Threshold 0.5 accepts bin 1 (confidence ≥ 0.5).
    internal static readonly PolicyDocument Policy = Pair(ObservationBinning.Equal(2));

    // q1: small right, confident → accepted (cost 2, score 1). q2: small wrong, unsure → large (cost 12, score 1).
    // q3: small wrong but confident → accepted (cost 2, score 0).
    internal static readonly RecordedQuery[] Rows =
    {
        Query(1, ("s-model", 1, 0.9), ("l-model", 1, 0.0)),
        Query(2, ("s-model", 0, 0.3), ("l-model", 1, 0.0)),
        Query(3, ("s-model", 0, 0.8), ("l-model", 1, 0.0)),
    };

    [Fact]
    public void Three_queries_match_hand_computation()
    {
        var report = OfflineEvaluator.Evaluate(ThresholdTables.Build(Policy, 0.5), Policy, Rows, PairMap);

        Assert.Equal((3, 0), (report.Rows, report.RowsSkipped));
        Assert.Equal(2.0 / 3, report.Performance, 12);
        Assert.Equal(16.0 / 3, report.Cost, 12);
        Assert.Equal(new[] { 2.0 / 3, 1.0 / 3 }, report.AnswerShare);
        Assert.Equal(new CostQuality(1.0 / 3, 1), report.AlwaysFirst);
        Assert.Equal(new CostQuality(1, 10), report.AlwaysLast);

        // IBC = (2/3 − 1/3) / (16/3 − 1) = 1/13; IBC(large) = (1 − 1/3) / (10 − 1) = 2/27; ΔIBC = 100·(27/26 − 1) = 100/26.
        Assert.Equal(1.0 / 13, report.DeltaIbc.Ibc, 12);
        Assert.Equal(100.0 / 26, report.DeltaIbc.Value, 10);
        Assert.Null(report.DeltaIbc.Note);
    }

    [Fact]
    public void Rows_without_a_mapped_model_are_skipped_and_counted()
    {
        var rows = Rows.Append(Query(4, ("s-model", 1, 0.9))).ToArray();
        var report = OfflineEvaluator.Evaluate(ThresholdTables.Build(Policy, 0.5), Policy, rows, PairMap);
        Assert.Equal((3, 1), (report.Rows, report.RowsSkipped));
        Assert.Equal(16.0 / 3, report.Cost, 12);
    }

    [Fact]
    public void Undefined_delta_ibc_is_nan_with_a_reason()
    {
        // Large performs exactly as small: IBC(large) = 0.
        var flat = new[] { Query(1, ("s-model", 1, 0.9), ("l-model", 1, 0.0)), Query(2, ("s-model", 0, 0.1), ("l-model", 0, 0.0)) };
        var report = OfflineEvaluator.Evaluate(ThresholdTables.Build(Policy, 0.5), Policy, flat, PairMap);
        Assert.True(double.IsNaN(report.DeltaIbc.Value));
        Assert.Contains("IBC(large) = 0", report.DeltaIbc.Note, StringComparison.Ordinal);

        // A router costing exactly as much as always-small (free verifier, never routes).
        var free = Pair(ObservationBinning.Equal(2), verifierCost: 0);
        var never = OfflineEvaluator.Evaluate(ThresholdTables.Build(free, 0), free, Rows, PairMap);
        Assert.True(double.IsNaN(never.DeltaIbc.Value));
        Assert.Contains("costs exactly as much as always-small", never.DeltaIbc.Note, StringComparison.Ordinal);

        // Large as cheap as small.
        var same = Pair(ObservationBinning.Equal(2), largeCost: 1);
        var sameCost = OfflineEvaluator.Evaluate(ThresholdTables.Build(same, 0.5), same, Rows, PairMap);
        Assert.Contains("IBC(large) is undefined", sameCost.DeltaIbc.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_tiers_pay_every_visited_tier_and_its_verifier()
    {
        var policy = Policy(
            new TierSpec("small", "s-model", 1, Verifier(ObservationBinning.Equal(2), 1), SourceSpan.None),
            new TierSpec("medium", "m-model", 10, Verifier(ObservationBinning.Equal(2), 10), SourceSpan.None),
            new TierSpec("large", "l-model", 50, null, SourceSpan.None));
        var map = new Dictionary<string, string> { ["small"] = "s-model", ["medium"] = "m-model", ["large"] = "l-model" };
        var rows = new[]
        {
            Query(1, ("s-model", 1, 0.9), ("m-model", 1, 0.9), ("l-model", 1, 0)),   // small accepts: 2
            Query(2, ("s-model", 0, 0.1), ("m-model", 1, 0.9), ("l-model", 1, 0)),   // medium accepts: 2 + 20
            Query(3, ("s-model", 0, 0.1), ("m-model", 0, 0.1), ("l-model", 1, 0)),   // large: 2 + 20 + 50
            Query(4, ("s-model", 0, 0.1), ("m-model", 0, 0.1), ("l-model", 0, 0)),   // large, wrong: 72
        };

        var report = OfflineEvaluator.Evaluate(ThresholdTables.Build(policy, 0.5), policy, rows, map);

        Assert.Equal((2 + 22 + 72 + 72) / 4.0, report.Cost, 12);
        Assert.Equal(0.75, report.Performance, 12);
        Assert.Equal(new[] { 0.25, 0.25, 0.5 }, report.AnswerShare);
        Assert.Equal(new CostQuality(0.25, 1), report.AlwaysFirst);
        Assert.Equal(new CostQuality(0.75, 50), report.AlwaysLast);
    }

    [Fact]
    public void A_table_of_another_shape_is_rejected()
    {
        var other = Pair(ObservationBinning.Equal(3));
        var error = Assert.Throws<ArgumentException>(() => OfflineEvaluator.Evaluate(ThresholdTables.Build(other, 0.5), Policy, Rows, PairMap));
        Assert.Contains("has 2 bins in the policy but 3 in the table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_agrees_with_the_exact_evaluator_on_rows_drawn_from_the_model()
    {
        // Rows whose empirical distribution IS the model: 4 states × the bin counts below. The replayed
        // performance and cost then equal PolicyEvaluator's expectation under the calibrated (unsmoothed) model.
        var rows = new List<RecordedQuery>();
        var line = 1;
        void Add(int count, double small, double large, double confidence)
        {
            for (var i = 0; i < count; i++)
            {
                rows.Add(Query(line++, ("s-model", small, confidence), ("l-model", large, 0)));
            }
        }

        Add(30, 1, 1, 0.9);
        Add(10, 1, 1, 0.2);
        Add(5, 0, 1, 0.9);
        Add(25, 0, 1, 0.2);
        Add(10, 0, 0, 0.9);
        Add(20, 0, 0, 0.2);
        var model = AutoMix.Policies.Calibration.ObservationModelCalibrator.Calibrate(Policy, rows, PairMap, AutoMix.Policies.Calibration.CalibrationOptions.Default with { Alpha = 1e-12 }).Model;
        var calibrated = Policy with { Model = model };
        foreach (var point in PomdpSolver.Frontier(calibrated))
        {
            var replay = OfflineEvaluator.Evaluate(point.Table, calibrated, rows, PairMap);
            Assert.Equal(point.Metrics.ExpectedPerformance, replay.Performance, 9);
            Assert.Equal(point.Metrics.ExpectedCost, replay.Cost, 9);
        }
    }
}
