using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using Xunit;
using static AutoMix.Policies.Tests.Tables.SkippingAndUnverifiedTables;

namespace AutoMix.Policies.Tests.Tables;

/// <summary>Evaluator figures for tables that start past tier 0 or accept without verifying, computed by hand.</summary>
public class PolicyEvaluatorTableShapeTests
{
    [Fact]
    public void A_table_that_only_calls_a_middle_tier_unverified_costs_that_tier_alone()
    {
        var metrics = PolicyEvaluator.Evaluate(AlwaysMiddleUnverified, Policy);

        Assert.Equal(1.0, metrics.ExpectedPerformance, 12);
        Assert.Equal(10.0, metrics.ExpectedCost, 12);
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, metrics.ReachProbability.ToArray());
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, metrics.AnswerShare.ToArray());
        Assert.Equal(10.0, metrics.WorstCaseCost, 12);
        Assert.Equal("t1 (unverified)", metrics.WorstCasePath);
    }

    [Fact]
    public void A_table_starting_at_a_later_tier_walks_from_that_tier()
    {
        // t1 verifies (10 + 10); bin 0 (s0: 0.5 * 0.1, s1: 0.5 * 0.3 = 0.2 in all) goes on to t2 (50).
        var metrics = PolicyEvaluator.Evaluate(StartAtMiddle, Policy);

        Assert.Equal(1.0, metrics.ExpectedPerformance, 12);
        Assert.Equal(20 + 0.2 * 50, metrics.ExpectedCost, 12);
        Assert.Equal(new[] { 0.0, 1.0, 0.2 }, metrics.ReachProbability.ToArray(), new ToleranceComparer());
        Assert.Equal(new[] { 0.0, 0.8, 0.2 }, metrics.AnswerShare.ToArray(), new ToleranceComparer());
        Assert.Equal(70.0, metrics.WorstCaseCost, 12);
        Assert.Equal("t1 -> t2", metrics.WorstCasePath);
    }

    [Fact]
    public void An_unverified_node_after_a_verified_one_pays_no_verifier()
    {
        // t0 verifies (1 + 1). Bin 1 (s0: 0.4, s1: 0.1) accepts t0: performance 0.4.
        // Bin 0 (s0: 0.1, s1: 0.4) goes to t1, accepted unverified (10): performance 0.5.
        var metrics = PolicyEvaluator.Evaluate(SmallThenUnverifiedMiddle, Policy);

        Assert.Equal(0.9, metrics.ExpectedPerformance, 12);
        Assert.Equal(2 + 0.5 * 10, metrics.ExpectedCost, 12);
        Assert.Equal(new[] { 1.0, 0.5, 0.0 }, metrics.ReachProbability.ToArray(), new ToleranceComparer());
        Assert.Equal(new[] { 0.5, 0.5, 0.0 }, metrics.AnswerShare.ToArray(), new ToleranceComparer());
        Assert.Equal(12.0, metrics.WorstCaseCost, 12);
        Assert.Equal("t0 -> t1 (unverified)", metrics.WorstCasePath);
    }

    [Fact]
    public void Node_cost_includes_the_verifier_only_where_the_node_verifies()
    {
        Assert.Equal(2.0, PolicyEvaluator.NodeCost(SmallThenUnverifiedMiddle, 0));
        Assert.Equal(10.0, PolicyEvaluator.NodeCost(SmallThenUnverifiedMiddle, 1));
        Assert.Equal(20.0, PolicyEvaluator.NodeCost(StartAtMiddle, 0));
        Assert.Equal(50.0, PolicyEvaluator.NodeCost(StartAtMiddle, 1));
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double value) => 0;
    }
}
