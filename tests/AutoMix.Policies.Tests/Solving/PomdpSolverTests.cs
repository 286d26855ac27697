using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using Xunit;

namespace AutoMix.Policies.Tests.Solving;

public class PomdpSolverTests
{
    // States: A = both right (0.5), B = only large right (0.3), C = both wrong (0.2); 2 bins; costs 1 (+1 verifier), 10.
    private static PolicyDocument TwoTierTwoBins() => TestPolicies.Make(
        new[] { 1.0, 10.0 }, new[] { 1.0, 0 }, new[] { 2, 0 },
        (0.5, new[] { 1.0, 1.0 }, new[] { new[] { 0.2, 0.8 } }),
        (0.3, new[] { 0.0, 1.0 }, new[] { new[] { 0.9, 0.1 } }),
        (0.2, new[] { 0.0, 0.0 }, new[] { new[] { 0.5, 0.5 } }));

    // Like above with 3 bins, where the lowest bin is dominated by "both wrong": the large model would not help.
    private static PolicyDocument HopelessQueries() => TestPolicies.Make(
        new[] { 1.0, 10.0 }, new[] { 1.0, 0 }, new[] { 3, 0 },
        (0.5, new[] { 1.0, 1.0 }, new[] { new[] { 0.05, 0.15, 0.8 } }),
        (0.3, new[] { 0.0, 1.0 }, new[] { new[] { 0.1, 0.8, 0.1 } }),
        (0.2, new[] { 0.0, 0.0 }, new[] { new[] { 0.85, 0.1, 0.05 } }));

    [Fact]
    public void Two_tier_table_matches_hand_computation()
    {
        // λ = 0.01. Bin 0: accept 0.10, route 0.37 − 0.01·0.47·10 = 0.323 → route.
        //           Bin 1: accept 0.40, route 0.43 − 0.01·0.53·10 = 0.377 → accept.
        var policy = TwoTierTwoBins();
        var table = PomdpSolver.Solve(policy, 0.01);

        Assert.Equal(TableAction.RouteTo(1), table.ActionAt(0, 0));
        Assert.True(table.ActionAt(0, 1).IsAccept);

        var metrics = PolicyEvaluator.Evaluate(table, policy);
        Assert.Equal(0.77, metrics.ExpectedPerformance, 12);
        Assert.Equal(2 + (0.47 * 10), metrics.ExpectedCost, 12);
        Assert.Equal(12, metrics.WorstCaseCost, 12);
        Assert.Equal("t0 -> t1", metrics.WorstCasePath);
        Assert.Equal(new[] { 1.0, 0.47 }, metrics.ReachProbability.ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(new[] { 0.53, 0.47 }, metrics.AnswerShare.ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Hopeless_queries_keep_the_small_answer_at_the_lowest_confidence()
    {
        // λ = 0.02. Bin 0: accept 0.025, route 0.055 − 0.045 = 0.010 → accept (the large model rarely fixes these).
        //           Bin 1: accept 0.075, route 0.315 − 0.067 = 0.248 → route. Bin 2: accept 0.40, route 0.342 → accept.
        var policy = HopelessQueries();
        var table = PomdpSolver.Solve(policy, 0.02);

        Assert.True(table.ActionAt(0, 0).IsAccept);
        Assert.Equal(TableAction.RouteTo(1), table.ActionAt(0, 1));
        Assert.True(table.ActionAt(0, 2).IsAccept);

        var metrics = PolicyEvaluator.Evaluate(table, policy);
        Assert.Equal(0.74, metrics.ExpectedPerformance, 12);
        Assert.Equal(5.35, metrics.ExpectedCost, 12);

        // No single threshold can express accept-route-accept, and every one of them is strictly worse here.
        var pomdpValue = metrics.ExpectedPerformance - (0.02 * metrics.ExpectedCost);
        foreach (var (_, thresholdTable) in ThresholdTables.AllSingleThresholds(policy))
        {
            var m = PolicyEvaluator.Evaluate(thresholdTable, policy);
            Assert.True(pomdpValue > m.ExpectedPerformance - (0.02 * m.ExpectedCost) + 1e-6);
        }
    }

    [Fact]
    public void Ties_go_to_the_cheaper_action()
    {
        // At λ = 0 with a large model that is never better, routing gains nothing: accept everywhere.
        var policy = TestPolicies.Make(
            new[] { 1.0, 10.0 }, new[] { 1.0, 0 }, new[] { 2, 0 },
            (0.6, new[] { 1.0, 1.0 }, new[] { new[] { 0.3, 0.7 } }),
            (0.4, new[] { 0.0, 0.0 }, new[] { new[] { 0.7, 0.3 } }));
        var table = PomdpSolver.Solve(policy, 0);
        Assert.True(table.ActionAt(0, 0).IsAccept);
        Assert.True(table.ActionAt(0, 1).IsAccept);
    }

    [Fact]
    public void Three_tier_table_skips_the_middle_tier_when_it_cannot_help()
    {
        // Medium is never better than small; large fixes the low-confidence queries. Routing skips medium.
        var policy = TestPolicies.Make(
            new[] { 1.0, 5.0, 20.0 }, new[] { 1.0, 5.0, 0 }, new[] { 2, 2, 0 },
            (0.6, new[] { 1.0, 1.0, 1.0 }, new[] { new[] { 0.1, 0.9 }, new[] { 0.5, 0.5 } }),
            (0.4, new[] { 0.0, 0.0, 1.0 }, new[] { new[] { 0.9, 0.1 }, new[] { 0.5, 0.5 } }));
        var table = PomdpSolver.Solve(policy, 0.005);
        Assert.Equal(TableAction.RouteTo(2), table.ActionAt(0, 0));
        Assert.True(table.ActionAt(0, 1).IsAccept);
        Assert.DoesNotContain(1, table.NodeTier);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
