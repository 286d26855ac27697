using AutoMix.Policies.Solving;
using AutoMix.Policies.Tests.Solving;
using CsCheck;
using Xunit;

namespace AutoMix.Policies.Tests.Properties;

/// <summary>Properties of the POMDP solver and its λ-frontier over random models (CsCheck shrinks a failure to a small model).</summary>
public class SolverProperties
{
    [Fact]
    public void Solved_table_is_never_worse_under_the_model_than_any_threshold_table() =>
        Gen.Select(PolicyGens.AnyPolicy, Gen.Double[0, 0.05]).Sample((policy, lambda) =>
        {
            var solved = PolicyEvaluator.Evaluate(PomdpSolver.Solve(policy, lambda), policy);
            var solvedValue = solved.ExpectedPerformance - (lambda * solved.ExpectedCost);
            foreach (var (_, table) in ThresholdTables.AllSingleThresholds(policy))
            {
                var m = PolicyEvaluator.Evaluate(table, policy);
                Assert.True(solvedValue >= m.ExpectedPerformance - (lambda * m.ExpectedCost) - 1e-12);
            }
        }, iter: 400);

    [Fact]
    public void Three_tier_solution_equals_brute_force_over_every_table() =>
        Gen.Select(PolicyGens.Policy(new[] { 1.0, 4.0, 20.0 }, bins: 2), Gen.Double[0, 0.1]).Sample((policy, lambda) =>
        {
            var solved = PolicyEvaluator.Evaluate(PomdpSolver.Solve(policy, lambda), policy);
            var best = BruteForce.AllTables(policy)
                .Select(table => PolicyEvaluator.Evaluate(table, policy))
                .Max(m => m.ExpectedPerformance - (lambda * m.ExpectedCost));
            Assert.Equal(best, solved.ExpectedPerformance - (lambda * solved.ExpectedCost), 10);
        }, iter: 40);

    [Fact]
    public void Frontier_is_monotone_in_cost_and_quality_and_optimal_inside_each_range() =>
        PolicyGens.AnyPolicy.Sample(policy =>
        {
            var frontier = PomdpSolver.Frontier(policy);
            Assert.Equal(0, frontier[0].LambdaLow);
            Assert.True(double.IsPositiveInfinity(frontier[^1].LambdaHigh));
            for (var i = 0; i < frontier.Count; i++)
            {
                var point = frontier[i];
                if (i > 0)
                {
                    // Higher λ (cost matters more): strictly cheaper and strictly lower quality, ranges contiguous.
                    Assert.Equal(frontier[i - 1].LambdaHigh, point.LambdaLow);
                    Assert.True(point.Metrics.ExpectedCost < frontier[i - 1].Metrics.ExpectedCost);
                    Assert.True(point.Metrics.ExpectedPerformance < frontier[i - 1].Metrics.ExpectedPerformance);
                }

                var lambda = double.IsInfinity(point.LambdaHigh) ? point.LambdaLow + 1 : (point.LambdaLow + point.LambdaHigh) / 2;
                var optimal = PolicyEvaluator.Evaluate(PomdpSolver.Solve(policy, lambda), policy);
                Assert.Equal(
                    optimal.ExpectedPerformance - (lambda * optimal.ExpectedCost),
                    point.Metrics.ExpectedPerformance - (lambda * point.Metrics.ExpectedCost),
                    9);
            }

            // The cheapest point answers everything at the first tier.
            Assert.Equal(new[] { 0 }, frontier[^1].Table.NodeTier.ToArray());
        }, iter: 100);
}
