using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Solving;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Evaluation;

public class DeltaIbcBootstrapTests
{
    private static ReplayOutcomes Replay(double threshold, IReadOnlyList<AutoMix.Policies.Data.RecordedQuery> rows) =>
        OfflineEvaluator.Outcomes(ThresholdTables.Build(OfflineEvaluatorTests.Policy, threshold), OfflineEvaluatorTests.Policy, rows, PairMap);

    private static IReadOnlyList<AutoMix.Policies.Data.RecordedQuery> ManyRows()
    {
        var random = new Random(3);
        return Enumerable.Range(1, 300).Select(line =>
        {
            var small = random.NextDouble() < 0.6 ? 1.0 : 0.0;
            var confidence = Math.Clamp((small * 0.4) + (random.NextDouble() * 0.6), 0, 1);
            return Query(line, ("s-model", small, confidence), ("l-model", random.NextDouble() < 0.9 ? 1.0 : 0.0, 0));
        }).ToList();
    }

    [Fact]
    public void Outcomes_add_up_to_the_report()
    {
        var outcomes = Replay(0.5, OfflineEvaluatorTests.Rows);
        Assert.Equal(new[] { 0, 1, 0 }, outcomes.Queries.Select(q => q.AnsweredBy));
        Assert.Equal(new[] { 2.0, 12, 2 }, outcomes.Queries.Select(q => q.Cost));
        Assert.Equal(new[] { "q1", "q2", "q3" }, outcomes.Queries.Select(q => q.Id));
        Assert.Equal((1.0, 10.0), (outcomes.FirstTierCost, outcomes.LastTierCost));
    }

    [Fact]
    public void Interval_brackets_the_measured_value_and_is_reproducible()
    {
        var rows = ManyRows();
        var measured = OfflineEvaluator.Evaluate(ThresholdTables.Build(OfflineEvaluatorTests.Policy, 0.5), OfflineEvaluatorTests.Policy, rows, PairMap).DeltaIbc.Value;
        var (low, high) = DeltaIbcBootstrap.Interval(Replay(0.5, rows));

        Assert.InRange(measured, low, high);
        Assert.True(high - low > 1, "a 300-row bootstrap interval is not a point");
        Assert.Equal((low, high), DeltaIbcBootstrap.Interval(Replay(0.5, rows)));
        Assert.NotEqual((low, high), DeltaIbcBootstrap.Interval(Replay(0.5, rows), seed: 2));
    }

    [Fact]
    public void Paired_difference_of_a_router_with_itself_is_zero()
    {
        var rows = ManyRows();
        Assert.Equal((0.0, 0.0), DeltaIbcBootstrap.DifferenceInterval(Replay(0.5, rows), Replay(0.5, rows), resamples: 200));

        var (low, high) = DeltaIbcBootstrap.DifferenceInterval(Replay(0.5, rows), Replay(0.25, rows), resamples: 500);
        Assert.True(low <= high);
    }

    [Fact]
    public void Mismatched_queries_and_bad_arguments_are_rejected()
    {
        var rows = ManyRows();
        Assert.Throws<ArgumentException>(() => DeltaIbcBootstrap.DifferenceInterval(Replay(0.5, rows), Replay(0.5, rows.Skip(1).ToList())));
        Assert.Throws<ArgumentException>(() => DeltaIbcBootstrap.DifferenceInterval(Replay(0.5, rows.Take(299).ToList()), Replay(0.5, rows.Skip(1).ToList())));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaIbcBootstrap.Interval(Replay(0.5, rows), resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaIbcBootstrap.Interval(Replay(0.5, rows), confidence: 1));
    }
}
