using AutoMix.Policies.Collections;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using Xunit;

namespace AutoMix.Policies.Tests.Solving;

/// <summary>Adaptive verification: the stopping rule the solver finds, and the figures every evaluator gives it.</summary>
public class AdaptiveVerificationTests
{
    /// <summary>A random two-tier policy whose first tier verifies adaptively.</summary>
    private static PolicyDocument RandomAdaptive(System.Random random, int samples, int batch, double roundCost)
    {
        var policy = TestPolicies.Random(random, new[] { 1.0, 20.0 }, bins: samples + 1);
        var tier = policy.Tiers[0];
        var sampling = new AdaptiveSampling(samples, batch, roundCost, tier.Verifier!.Cost / samples);
        var tiers = new[] { tier with { Verifier = tier.Verifier with { Adaptive = sampling } }, policy.Tiers[1] };
        return policy with { Tiers = new EquatableArray<TierSpec>(tiers) };
    }

    private static double Value(PolicyTable table, PolicyDocument policy, double lambda)
    {
        var metrics = PolicyEvaluator.Evaluate(table, policy);
        return metrics.ExpectedPerformance - (lambda * metrics.ExpectedCost);
    }

    [Theory]
    [InlineData(4, 2, 0.0)]
    [InlineData(4, 2, 0.3)]
    [InlineData(3, 1, 0.0)]
    [InlineData(4, 3, 0.1)]
    public void The_stopping_rule_is_the_best_of_every_table(int samples, int batch, double roundCost)
    {
        var random = new System.Random(samples * 100 + batch * 10 + (int)(roundCost * 10));
        for (var trial = 0; trial < 4; trial++)
        {
            var policy = RandomAdaptive(random, samples, batch, roundCost);
            foreach (var lambda in new[] { 0.002, 0.02, 0.08 })
            {
                var solved = PomdpSolver.Solve(policy, lambda);
                solved.Validate();
                var best = double.NegativeInfinity;
                var count = 0;
                foreach (var table in BruteForce.AllTables(policy))
                {
                    best = System.Math.Max(best, Value(table, policy, lambda));
                    count++;
                }

                Assert.True(count > 100, $"only {count} tables enumerated");
                Assert.Equal(best, Value(solved, policy, lambda), 10);
            }
        }
    }

    [Fact]
    public void Some_point_stops_early_and_some_draws_on_when_samples_are_cheap_and_informative()
    {
        // Right answers mostly get agreeing verdicts, wrong ones mostly not: two agreeing verdicts settle it.
        var policy = RandomAdaptive(new System.Random(1), 8, 2, 0);
        var rows = new[] { Binomial(8, 0.9), Binomial(8, 0.2) };
        var states = new[]
        {
            new HiddenState("right", 0.7, new EquatableArray<double>(new[] { 1.0, 1.0 }), new EquatableArray<ObservationRow>(new[] { new ObservationRow("t0", new EquatableArray<double>(rows[0])) }), default),
            new HiddenState("wrong", 0.3, new EquatableArray<double>(new[] { 0.0, 1.0 }), new EquatableArray<ObservationRow>(new[] { new ObservationRow("t0", new EquatableArray<double>(rows[1])) }), default),
        };
        policy = policy with { Model = policy.Model! with { States = new EquatableArray<HiddenState>(states) } };
        // At λ = 0.03 routing costs 0.6 of performance: worth it only when the answer is probably wrong.
        var table = PomdpSolver.Solve(policy, 0.03);
        var sampling = policy.Tiers[0].Verifier!.Adaptive!;
        Assert.True(table.Verifies(0));
        Assert.True(table.ActionAt(0, sampling.PointOf(0, 2)).IsAccept, "two agreeing verdicts of two settle the answer");
        Assert.True(table.ActionAt(0, sampling.PointOf(0, 1)).IsContinue, "a split first round draws on");
        var metrics = PolicyEvaluator.Evaluate(table, policy);
        Assert.True(metrics.ExpectedCost < 1 + 1 + (0.3 * 20), "cheaper than drawing all 8 samples and routing every wrong answer");
        Assert.True(table.Calls(1), "a run of disagreeing verdicts routes on");
    }

    [Fact]
    public void Drawing_every_round_then_deciding_per_count_is_the_fixed_k_verifier()
    {
        var random = new System.Random(7);
        for (var trial = 0; trial < 5; trial++)
        {
            var adaptive = RandomAdaptive(random, 6, 2, 0);
            var fixedK = AutoMix.Policies.Evaluation.EvaluationSuite.FixedSampling(adaptive)!;
            var accept = new bool[7];
            for (var j = 0; j < accept.Length; j++)
            {
                accept[j] = random.NextDouble() < 0.5;
            }

            var fixedTable = PolicyTableBuilder.Build(TableTiers.From(fixedK), (_, _, bin) => accept[bin] ? TableAction.Accept : TableAction.RouteTo(1));
            var sampling = adaptive.Tiers[0].Verifier!.Adaptive!;
            var adaptiveTable = PolicyTableBuilder.Build(TableTiers.From(adaptive), (_, _, point) =>
            {
                var (round, correct) = sampling.PointAt(point);
                return round < sampling.Rounds - 1 ? TableAction.Continue : accept[correct] ? TableAction.Accept : TableAction.RouteTo(1);
            });

            var a = PolicyEvaluator.Evaluate(adaptiveTable, adaptive);
            var f = PolicyEvaluator.Evaluate(fixedTable, fixedK);
            Assert.Equal(f.ExpectedPerformance, a.ExpectedPerformance, 12);
            Assert.Equal(f.ExpectedCost, a.ExpectedCost, 12);
            Assert.Equal(f.WorstCaseCost, a.WorstCaseCost, 12);
        }
    }

    [Fact]
    public void Thinning_gives_the_binomial_of_fewer_samples()
    {
        var sampling = new AdaptiveSampling(8, 3, 0, 0.1);
        var fromCounts = AdaptiveObservation.CountProbabilities(sampling, Binomial(8, 0.37));
        var direct = AdaptiveObservation.CountProbabilities(sampling, 0.37);
        Assert.Equal(sampling.PointCount, fromCounts.Length);
        for (var point = 0; point < fromCounts.Length; point++)
        {
            Assert.Equal(direct[point], fromCounts[point], 12);
        }
    }

    [Fact]
    public void A_schedule_numbers_its_points_round_by_round()
    {
        var sampling = new AdaptiveSampling(8, 3, 0.5, 0.1);
        Assert.Equal(3, sampling.Rounds);
        Assert.Equal(new[] { 3, 6, 8 }, new[] { sampling.SamplesAfter(0), sampling.SamplesAfter(1), sampling.SamplesAfter(2) });
        Assert.Equal(4 + 7 + 9, sampling.PointCount);
        Assert.Equal(sampling.PointCount, AdaptiveSampling.CountPoints(8, 3));
        Assert.Equal((1, 2), sampling.PointAt(sampling.PointOf(1, 2)));
        Assert.False(sampling.CanContinue(sampling.PointOf(2, 0)));
        Assert.Equal((3 * 0.5) + (8 * 0.1), sampling.MaxCost, 12);
        Assert.Equal(0.5 + (2 * 0.1), sampling.CostOfRound(2), 12);
    }

    private static double[] Binomial(int n, double p)
    {
        var result = new double[n + 1];
        for (var j = 0; j <= n; j++)
        {
            result[j] = System.Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn(n, j) + (j * System.Math.Log(p)) + ((n - j) * System.Math.Log(1 - p)));
        }

        return result;
    }
}
