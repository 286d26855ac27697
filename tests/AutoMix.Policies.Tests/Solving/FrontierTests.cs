using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using Xunit;

namespace AutoMix.Policies.Tests.Solving;

public class FrontierTests
{
    [Fact]
    public void Max_ibc_picks_the_frontier_point_with_the_steepest_gain_over_always_small()
    {
        var policy = TestPolicies.Random(new System.Random(5), new[] { 1.0, 50.0 }, bins: 9);
        var frontier = PomdpSolver.Frontier(policy);
        var chosen = OperatingPointSelector.MaxIbc(policy, frontier);
        var (ps, cs) = OperatingPointSelector.AlwaysTier(policy, 0);
        var chosenIbc = IncrementalBenefitPerCost.Of(chosen.Metrics.ExpectedPerformance, chosen.Metrics.ExpectedCost, ps, cs);
        foreach (var point in frontier.Where(p => p.Metrics.ExpectedCost > cs))
        {
            Assert.True(chosenIbc >= IncrementalBenefitPerCost.Of(point.Metrics.ExpectedPerformance, point.Metrics.ExpectedCost, ps, cs) - 1e-12);
        }
    }

    [Fact]
    public void Cost_limited_objective_picks_the_best_affordable_point_or_warns()
    {
        var policy = TestPolicies.Random(new System.Random(9), new[] { 1.0, 50.0 }, bins: 9);
        var frontier = PomdpSolver.Frontier(policy);
        var limit = (frontier[0].Metrics.ExpectedCost + frontier[^1].Metrics.ExpectedCost) / 2;

        var point = OperatingPointSelector.Select("economy", policy, ObjectiveSpec.ForMaxExpectedCost(limit), frontier, out var infeasible);
        Assert.False(infeasible);
        Assert.True(point.Metrics.ExpectedCost <= limit);
        Assert.All(frontier.Where(p => p.Metrics.ExpectedCost <= limit), p => Assert.True(p.Metrics.ExpectedPerformance <= point.Metrics.ExpectedPerformance));

        OperatingPointSelector.Select("too-cheap", policy, ObjectiveSpec.ForMaxExpectedCost(0.5), frontier, out infeasible);
        Assert.True(infeasible);
    }

    [Fact]
    public void Delta_ibc_follows_the_papers_definition()
    {
        // Small: P 0.5 at cost 1; large: P 0.8 at cost 51 → IBC(large) = 0.006. M: P 0.7 at cost 21 → IBC 0.01 → ΔIBC = 66.67%.
        Assert.Equal(100.0 * (0.01 - 0.006) / 0.006, IncrementalBenefitPerCost.Delta(0.7, 21, 0.5, 1, 0.8, 51), 9);
        Assert.True(double.IsNaN(IncrementalBenefitPerCost.Delta(0.7, 1, 0.5, 1, 0.8, 51)));
        Assert.True(double.IsNaN(IncrementalBenefitPerCost.Delta(0.7, 21, 0.5, 1, 0.5, 51)));
    }
}
