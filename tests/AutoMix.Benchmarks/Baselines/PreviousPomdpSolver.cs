using System;
using System.Collections.Generic;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;

namespace AutoMix.Benchmarks.Baselines
{
    /// <summary>
    /// The POMDP solver as it was before issue 12's speed-up (main at caa3540, PomdpSolver.cs), frozen here as the
    /// benchmarks' baseline and the tests' reference: same decisions, but the table is built by re-deciding every
    /// node from its history (re-solving its subtrees). Do not improve it; it is the yardstick.
    /// Only the model arrays moved into <see cref="Model"/> (the library's SolverModel is internal).
    /// </summary>
    public static class PreviousPomdpSolver
    {
        /// <summary>Relative tolerance under which two action values count as tied.</summary>
        private const double TieTolerance = 1e-12;

        /// <summary>The optimal table for a fixed λ ≥ 0.</summary>
        public static PolicyTable Solve(PolicyDocument policy, double lambda) =>
            Solve(Model.From(policy), TableTiers.From(policy), lambda);

        private static PolicyTable Solve(Model model, IReadOnlyList<TableTier> tiers, double lambda)
        {
            if (lambda < 0 || double.IsNaN(lambda))
            {
                throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be a non-negative number.");
            }

            return new Expectimax(model, lambda).Build(tiers);
        }

        /// <summary>
        /// The policy with the largest incremental benefit per cost over always answering with the first tier,
        /// under the model, found by Dinkelbach's method: IBC* is the ρ at which max_π (P(π) − P₀) − ρ·(C(π) − C₀)
        /// is 0, and solving at λ = the current policy's IBC gives a policy at least as good, so a handful of
        /// solves reach the optimum without listing the frontier. When no policy gains over the first tier, the
        /// first tier answering unverified is returned.
        /// </summary>
        public static OperatingPoint MaxIbc(PolicyDocument policy, string name) => MaxIbcWithRatio(policy, name).Point;

        /// <summary>
        /// <see cref="MaxIbc"/> and the best IBC itself (IBC*, the λ at which the best policy only ties with
        /// the first tier alone); null when no policy gains over the first tier.
        /// </summary>
        public static (OperatingPoint Point, double? Ibc) MaxIbcWithRatio(PolicyDocument policy, string name)
        {
            var model = Model.From(policy);
            var tiers = TableTiers.From(policy);
            var (basePerformance, baseCost) = OperatingPointSelector.AlwaysTier(policy, 0);
            var lambda = 0.0;
            var bestLambda = 0.0;
            PolicyTable? best = null;
            PolicyMetrics? bestMetrics = null;
            var bestIbc = double.NegativeInfinity;
            for (var iteration = 0; iteration < 64; iteration++)
            {
                var table = Solve(model, tiers, lambda);
                var metrics = PolicyEvaluator.Evaluate(table, policy);
                var ibc = IncrementalBenefitPerCost.Of(metrics.ExpectedPerformance, metrics.ExpectedCost, basePerformance, baseCost);
                if (double.IsNaN(ibc) || metrics.ExpectedCost <= baseCost || ibc <= bestIbc * (1 + 1e-12) + 1e-15)
                {
                    break;
                }

                // Record the λ the table was solved at: at λ = its own IBC it only ties with the first tier alone.
                best = table;
                bestMetrics = metrics;
                bestIbc = ibc;
                bestLambda = lambda;
                lambda = ibc;
            }

            if (best is null || bestMetrics is null || !(bestIbc > 0))
            {
                best = AlwaysTierTable(tiers, 0);
                return (new OperatingPoint(name, null, best, PolicyEvaluator.Evaluate(best, policy)), null);
            }

            return (new OperatingPoint(name, bestLambda, best, bestMetrics), bestIbc);
        }

        /// <summary>A table that always answers with one tier, unverified.</summary>
        public static PolicyTable AlwaysTierTable(IReadOnlyList<TableTier> tiers, int tier) =>
            PolicyTableBuilder.Build(tiers, tier, (_, _) => false, (_, _, _) => TableAction.Accept);

        /// <summary>
        /// The recursion. Values are unnormalised: weights w[s] = P(state s and the bins seen so far), so a
        /// value is the expected reward contribution of this branch and no division is needed. A tier appears at
        /// most once on a path, so each tier owns one posterior buffer and the recursion allocates nothing.
        /// </summary>
        private sealed class Expectimax
        {
            private readonly Model _model;
            private readonly double _lambda;
            private readonly double[][] _posterior;

            /// <summary>[tier, state]: the best performance any tier from this one on can give in the state.</summary>
            private readonly double[,] _bestFrom;

            public Expectimax(Model model, double lambda)
            {
                _model = model;
                _lambda = lambda;
                _posterior = new double[model.TierCount][];
                for (var t = 0; t < model.TierCount; t++)
                {
                    _posterior[t] = new double[model.StateCount];
                }

                _bestFrom = new double[model.TierCount, model.StateCount];
                for (var s = 0; s < model.StateCount; s++)
                {
                    var best = double.NegativeInfinity;
                    for (var t = model.TierCount - 1; t >= 0; t--)
                    {
                        best = Math.Max(best, model.Performance[s, t]);
                        _bestFrom[t, s] = best;
                    }
                }
            }

            /// <summary>
            /// An upper bound on <see cref="Value"/>(tier, weights) without recursing: every state gets the best
            /// performance any tier from here on offers, and only the tier's own answer is paid for. A route whose
            /// bound cannot beat the best action so far is pruned, which keeps many-tier solves fast.
            /// </summary>
            private double UpperBound(int tier, double[] weights, double mass)
            {
                var bound = -_lambda * mass * _model.AnswerCost[tier];
                for (var s = 0; s < weights.Length; s++)
                {
                    bound += weights[s] * _bestFrom[tier, s];
                }

                return bound;
            }

            public PolicyTable Build(IReadOnlyList<TableTier> tiers)
            {
                var prior = _model.Prior;
                var start = 0;
                var bestValue = Value(0, prior);
                for (var t = 1; t < _model.TierCount; t++)
                {
                    var value = Value(t, prior);
                    if (value > bestValue + Tolerance(value, bestValue, 1))
                    {
                        start = t;
                        bestValue = value;
                    }
                }

                return PolicyTableBuilder.Build(
                    tiers,
                    start,
                    (tier, history) => ShouldVerify(tier, BeliefAfter(history)),
                    (tier, history, bin) => Decide(tier, BeliefAfter(history), bin));
            }

            /// <summary>Best value of arriving at a tier with weights <paramref name="weights"/>.</summary>
            private double Value(int tier, double[] weights)
            {
                var (accept, verify) = Options(tier, weights);
                return verify > accept + Tolerance(verify, accept, Sum(weights)) ? verify : accept;
            }

            private bool ShouldVerify(int tier, double[] weights)
            {
                var (accept, verify) = Options(tier, weights);
                return verify > accept + Tolerance(verify, accept, Sum(weights));
            }

            /// <summary>(value of accepting unverified, value of verifying and then deciding per bin).</summary>
            private (double Accept, double Verify) Options(int tier, double[] weights)
            {
                var model = _model;
                var mass = 0.0;
                var performance = 0.0;
                for (var s = 0; s < weights.Length; s++)
                {
                    mass += weights[s];
                    performance += weights[s] * model.Performance[s, tier];
                }

                var accept = performance - (_lambda * mass * model.AnswerCost[tier]);
                var observation = model.Observation[tier];
                if (observation is null || mass <= 0)
                {
                    return (accept, double.NegativeInfinity);
                }

                var verify = -_lambda * mass * model.VisitCost[tier];
                for (var bin = 0; bin < model.Bins[tier]; bin++)
                {
                    verify += AfterBin(tier, weights, bin, _posterior[tier]).Value;
                }

                return (accept, verify);
            }

            private TableAction Decide(int tier, double[] weights, int bin) =>
                AfterBin(tier, weights, bin, new double[weights.Length]).Action;

            /// <summary>
            /// The best action after observing <paramref name="bin"/> at a tier reached with <paramref name="weights"/>
            /// (accept, or route to the later tier worth most; ties stay with the cheaper) and its value. The posterior
            /// is written to <paramref name="posterior"/>.
            /// </summary>
            private (double Value, TableAction Action) AfterBin(int tier, double[] weights, int bin, double[] posterior)
            {
                var model = _model;
                var observation = model.Observation[tier]!;
                var binMass = 0.0;
                var best = 0.0;
                for (var s = 0; s < weights.Length; s++)
                {
                    var p = weights[s] * observation[s, bin];
                    posterior[s] = p;
                    binMass += p;
                    best += p * model.Performance[s, tier];
                }

                var action = TableAction.Accept;
                if (binMass <= 0)
                {
                    return (best, action);
                }

                for (var next = tier + 1; next < model.TierCount; next++)
                {
                    if (UpperBound(next, posterior, binMass) <= best + Tolerance(best, best, binMass))
                    {
                        continue;
                    }

                    var routeValue = Value(next, posterior);
                    if (routeValue > best + Tolerance(routeValue, best, binMass))
                    {
                        best = routeValue;
                        action = TableAction.RouteTo(next);
                    }
                }

                return (best, action);
            }

            /// <summary>The unnormalised belief after a history of (tier, bin) observations.</summary>
            private double[] BeliefAfter(IReadOnlyList<(int Tier, int Bin)> history)
            {
                var belief = (double[])_model.Prior.Clone();
                foreach (var (tier, bin) in history)
                {
                    var observation = _model.Observation[tier]!;
                    for (var s = 0; s < belief.Length; s++)
                    {
                        belief[s] *= observation[s, bin];
                    }
                }

                return belief;
            }

            private static double Tolerance(double a, double b, double mass) =>
                TieTolerance * Math.Max(mass, Math.Max(Math.Abs(a), Math.Abs(b)));

            private static double Sum(double[] values)
            {
                var sum = 0.0;
                foreach (var value in values)
                {
                    sum += value;
                }

                return sum;
            }
        }
        /// <summary>The library's SolverModel as it was: dense arrays read by the recursion.</summary>
        private sealed class Model
        {
            private Model(int tierCount, int stateCount)
            {
                TierCount = tierCount;
                StateCount = stateCount;
                Prior = new double[stateCount];
                Performance = new double[stateCount, tierCount];
                Observation = new double[tierCount][,];
                Bins = new int[tierCount];
                AnswerCost = new double[tierCount];
                VerifierCost = new double[tierCount];
                VisitCost = new double[tierCount];
            }

            public int TierCount { get; }

            public int StateCount { get; }

            public double[] Prior { get; }

            public double[,] Performance { get; }

            public double[,]?[] Observation { get; }

            public int[] Bins { get; }

            public double[] AnswerCost { get; }

            public double[] VerifierCost { get; }

            public double[] VisitCost { get; }

            public static Model From(PolicyDocument policy)
            {
                var states = policy.Model!.States;
                var result = new Model(policy.Tiers.Count, states.Count);
                for (var t = 0; t < policy.Tiers.Count; t++)
                {
                    var tier = policy.Tiers[t];
                    result.AnswerCost[t] = tier.Cost;
                    result.VerifierCost[t] = tier.Verifier?.Cost ?? 0;
                    result.VisitCost[t] = tier.VisitCost;
                    result.Bins[t] = tier.Verifier?.Binning.BinCount ?? 0;
                    result.Observation[t] = tier.Verifier is null ? null : new double[states.Count, result.Bins[t]];
                }

                for (var s = 0; s < states.Count; s++)
                {
                    result.Prior[s] = states[s].Prior;
                    for (var t = 0; t < policy.Tiers.Count; t++)
                    {
                        result.Performance[s, t] = states[s].Performance[t];
                        if (result.Observation[t] is { } table)
                        {
                            var row = PolicyDocument.RowFor(states[s], policy.Tiers[t].Name)!;
                            for (var b = 0; b < result.Bins[t]; b++)
                            {
                                table[s, b] = row.Probabilities[b];
                            }
                        }
                    }
                }

                return result;
            }
        }
    }
}
