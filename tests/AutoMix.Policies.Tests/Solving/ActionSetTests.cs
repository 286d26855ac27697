using AutoMix.Policies.Compilation;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using Xunit;

namespace AutoMix.Policies.Tests.Solving;

/// <summary>The solver's extended action set: where to start, and whether to verify at all.</summary>
public class ActionSetTests
{
    [Fact]
    public void A_first_tier_that_is_not_worth_calling_is_skipped()
    {
        // Small is right only when large is; its verifier tells nothing. Starting at large saves its cost.
        var policy = TestPolicies.Make(
            new[] { 1.0, 10.0 }, new[] { 1.0, 0 }, new[] { 2, 0 },
            (0.5, new[] { 0.0, 1.0 }, new[] { new[] { 0.5, 0.5 } }),
            (0.5, new[] { 0.0, 1.0 }, new[] { new[] { 0.5, 0.5 } }));
        var table = PomdpSolver.Solve(policy, 0.01);
        Assert.Equal(1, table.StartTier);
        Assert.Equal(1, table.NodeCount);
        Assert.False(table.Calls(0));
        Assert.Equal(10, PolicyEvaluator.Evaluate(table, policy).ExpectedCost, 12);
    }

    [Fact]
    public void A_tier_whose_every_bin_is_accepted_answers_without_its_verifier()
    {
        // Large never beats small: routing cannot pay, so the verifier's cost is saved.
        var policy = TestPolicies.Make(
            new[] { 1.0, 10.0 }, new[] { 3.0, 0 }, new[] { 2, 0 },
            (0.7, new[] { 1.0, 1.0 }, new[] { new[] { 0.2, 0.8 } }),
            (0.3, new[] { 0.0, 0.0 }, new[] { new[] { 0.8, 0.2 } }));
        var table = PomdpSolver.Solve(policy, 0.01);
        Assert.Equal(0, table.StartTier);
        Assert.False(table.Verifies(0));
        Assert.Empty(table.SlotNext);
        var metrics = PolicyEvaluator.Evaluate(table, policy);
        Assert.Equal(1, metrics.ExpectedCost, 12);
        Assert.Equal(0.7, metrics.ExpectedPerformance, 12);
    }

    [Fact]
    public void Verification_is_kept_when_it_changes_a_decision()
    {
        var policy = TestPolicies.Make(
            new[] { 1.0, 10.0 }, new[] { 1.0, 0 }, new[] { 2, 0 },
            (0.7, new[] { 1.0, 1.0 }, new[] { new[] { 0.1, 0.9 } }),
            (0.3, new[] { 0.0, 1.0 }, new[] { new[] { 0.9, 0.1 } }));
        var table = PomdpSolver.Solve(policy, 0.01);
        Assert.True(table.Verifies(0));
        Assert.Equal(TableAction.RouteTo(1), table.ActionAt(0, 0));
        Assert.True(table.ActionAt(0, 1).IsAccept);
    }

    [Fact]
    public void Max_ibc_by_dinkelbach_equals_the_best_of_the_frontier()
    {
        var random = new System.Random(5);
        for (var trial = 0; trial < 30; trial++)
        {
            var policy = TestPolicies.Random(random, trial % 2 == 0 ? new[] { 1.0, 50.0 } : new[] { 1.0, 8.0, 50.0 }, bins: 2 + random.Next(6));
            var (small, smallCost) = OperatingPointSelector.AlwaysTier(policy, 0);
            var best = double.NegativeInfinity;
            foreach (var point in PomdpSolver.Frontier(policy, maxPoints: 1000))
            {
                if (point.Metrics.ExpectedCost > smallCost + 1e-12)
                {
                    best = System.Math.Max(best, IncrementalBenefitPerCost.Of(point.Metrics.ExpectedPerformance, point.Metrics.ExpectedCost, small, smallCost));
                }
            }

            var (chosen, ibc) = PomdpSolver.MaxIbcWithRatio(policy, "default");
            if (best > 0)
            {
                Assert.NotNull(ibc);
                Assert.Equal(best, ibc!.Value, 9);
                Assert.Equal(best, IncrementalBenefitPerCost.Of(chosen.Metrics.ExpectedPerformance, chosen.Metrics.ExpectedCost, small, smallCost), 9);

                // The recorded λ reproduces the table (at λ = IBC* itself it would only tie with the first tier).
                Assert.Equal(chosen.Table, PomdpSolver.Solve(policy, chosen.Lambda!.Value));
            }
        }
    }

    [Fact]
    public void A_skipped_first_tier_gets_a_true_warning()
    {
        var policy = TestPolicies.Make(
            new[] { 1.0, 10.0 }, new[] { 1.0, 0 }, new[] { 2, 0 },
            (0.5, new[] { 0.0, 1.0 }, new[] { new[] { 0.5, 0.5 } }),
            (0.5, new[] { 0.0, 1.0 }, new[] { new[] { 0.5, 0.5 } }));
        var compilation = PolicyCompiler.Compile(policy with { Router = policy.Router with { Objective = Model.ObjectiveSpec.ForLambda(0.01) } }, "skip.automix.yaml");
        var warning = Assert.Single(compilation.Diagnostics, d => d.Id == "AMX0102");
        Assert.Contains("'t0'", warning.Message);
        Assert.Contains("starts at tier 't1'", warning.Message);
        Assert.DoesNotContain("costs nothing", warning.Message);
    }
}
