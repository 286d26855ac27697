using AutoMix.Policies.Calibration;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Solving;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Evaluation;

public class BaselineEvaluatorTests
{
    private static readonly AutoMix.Policies.Data.RecordedQuery[] Rows = OfflineEvaluatorTests.Rows;

    [Fact]
    public void Always_tier_is_its_mean_score_at_its_own_cost()
    {
        Assert.Equal(new CostQuality(1.0 / 3, 1), BaselineEvaluator.AlwaysTier(OfflineEvaluatorTests.Policy, Rows, PairMap, 0));
        Assert.Equal(new CostQuality(1, 10), BaselineEvaluator.AlwaysTier(OfflineEvaluatorTests.Policy, Rows, PairMap, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BaselineEvaluator.AlwaysTier(OfflineEvaluatorTests.Policy, Rows, PairMap, 2));
    }

    [Fact]
    public void Best_threshold_is_chosen_on_the_selection_rows()
    {
        // Candidates (bin midpoints 0.25, 0.75, and never-accept):
        //   0.25 accepts everything: P 1/3, C 2 → IBC 0 → ΔIBC −100.
        //   0.75 accepts bin 1 only: ΔIBC 100/26 (see OfflineEvaluatorTests).
        //   never: P 1, C 12 → IBC (2/3)/11 → ΔIBC 100·(27/33 − 1).
        var evaluation = new[] { Query(7, ("s-model", 1, 0.2), ("l-model", 1, 0)) };
        var result = BaselineEvaluator.BestThreshold(OfflineEvaluatorTests.Policy, Rows, evaluation, PairMap);

        Assert.Equal(0.75, result.Threshold);
        Assert.Equal(new[] { -100, 100.0 / 26, 100 * ((27.0 / 33) - 1) }, result.Candidates.Select(c => c.Selection.DeltaIbc.Value), new Tolerance(1e-9));
        Assert.Equal(100.0 / 26, result.Selection.DeltaIbc.Value, 9);

        // Measured on the evaluation rows: the single query routes (confidence 0.2) and costs 12.
        Assert.Equal((1, 12.0, 1.0), (result.Evaluation.Rows, result.Evaluation.Cost, result.Evaluation.Performance));
    }

    [Fact]
    public void Random_mixing_lies_on_the_line_with_zero_delta_ibc()
    {
        var points = BaselineEvaluator.RandomMixing(OfflineEvaluatorTests.Policy, Rows, PairMap);

        Assert.Equal(11, points.Count);
        Assert.Equal(new CostQuality(1.0 / 3, 1), points[0].Point);
        Assert.Equal(new CostQuality(1, 10), points[10].Point);
        Assert.Equal(0.5, points[5].P);
        Assert.Equal((2.0 / 3, 5.5), (points[5].Point.Performance, points[5].Point.Cost));
        Assert.True(double.IsNaN(points[0].DeltaIbc.Value));
        Assert.All(points.Skip(1), p => Assert.Equal(0, p.DeltaIbc.Value, 9));
    }

    [Fact]
    public void Every_frontier_policy_is_replayed()
    {
        var calibrated = OfflineEvaluatorTests.Policy with
        {
            Model = ObservationModelCalibrator.Calibrate(OfflineEvaluatorTests.Policy, Rows, PairMap).Model,
        };
        var frontier = PomdpSolver.Frontier(calibrated);
        var replayed = BaselineEvaluator.Frontier(calibrated, frontier, Rows, PairMap);

        Assert.Equal(frontier.Count, replayed.Count);
        Assert.True(frontier.Count >= 2);
        for (var i = 0; i < frontier.Count; i++)
        {
            Assert.Same(frontier[i], replayed[i].Point);
            var direct = OfflineEvaluator.Evaluate(frontier[i].Table, calibrated, Rows, PairMap);
            Assert.Equal(direct.Router, replayed[i].Report.Router);
            Assert.Equal(direct.AnswerShare, replayed[i].Report.AnswerShare);
        }

        // Most expensive first: the first frontier policy routes everything uncertain, the last one never routes
        // and, since it would accept every bin, does not pay for verification either.
        Assert.True(replayed[0].Report.Cost >= replayed[^1].Report.Cost);
        Assert.Equal(1, replayed[^1].Report.Cost, 12);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
