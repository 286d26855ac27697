using System;
using System.Collections.Generic;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Solving
{
    /// <summary>
    /// Exact expectimax over the finite observation tree of a policy's POMDP (AutoMix §4.2, App. A.3).
    /// Hidden state: one of the model's states. Every decision is an action of the POMDP:
    /// <list type="bullet">
    /// <item>where to start: any tier (a first tier that is not worth its cost is skipped);</item>
    /// <item>at a tier, whether to call its verifier at all: a tier whose every bin would be accepted answers
    /// unverified and saves the verifier's cost;</item>
    /// <item>after a verified tier's bin: accept its answer, or route to any later tier.</item>
    /// </list>
    /// The belief is the Bayes posterior given every bin seen so far (observations of different tiers are
    /// independent given the state). Reward: performance of the accepted answer − λ·(every cost spent).
    /// Ties go to the cheaper action: accepting unverified before verifying, accepting before routing, the
    /// nearer tier before a farther one, an earlier start before a later one.
    /// </summary>
    public static class PomdpSolver
    {
        /// <summary>Relative tolerance under which two action values count as tied.</summary>
        private const double TieTolerance = 1e-12;

        /// <summary>At most this many distinct policies are listed by <see cref="Frontier"/> (a display, not a search).</summary>
        public const int MaxFrontierPoints = 48;

        /// <summary>The optimal table for a fixed λ ≥ 0.</summary>
        public static PolicyTable Solve(PolicyDocument policy, double lambda) =>
            Solve(SolverModel.From(policy), TableTiers.From(policy), lambda);

        internal static PolicyTable Solve(SolverModel model, IReadOnlyList<TableTier> tiers, double lambda)
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
            var model = SolverModel.From(policy);
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
        /// The λ-frontier: distinct optimal policies as λ goes from 0 to ∞, found by bisecting on the breakpoints
        /// of the convex, piecewise-linear optimal value V(λ) = max_π P(π) − λ·C(π). Ordered by λ ascending, i.e.
        /// from the most expensive, best-performing policy to the cheapest. A display and a cost-limit search,
        /// not part of the default solve: at most <paramref name="maxPoints"/> policies are listed, the coarsest
        /// breakpoints first, so its cost stays bounded on large policies.
        /// </summary>
        public static IReadOnlyList<FrontierPoint> Frontier(PolicyDocument policy, int maxPoints = MaxFrontierPoints)
        {
            var model = SolverModel.From(policy);
            var tiers = TableTiers.From(policy);

            (PolicyTable Table, PolicyMetrics Metrics) At(double lambda)
            {
                var table = Solve(model, tiers, lambda);
                return (table, PolicyEvaluator.Evaluate(table, policy));
            }

            // Above this λ no routing or verifying can pay: performance gains are at most 1 per query.
            var cheapest = double.PositiveInfinity;
            for (var t = 0; t < model.TierCount; t++)
            {
                if (model.VerifierCost[t] > 0)
                {
                    cheapest = Math.Min(cheapest, model.VerifierCost[t]);
                }

                if (t > 0 && model.AnswerCost[t] > 0)
                {
                    cheapest = Math.Min(cheapest, model.AnswerCost[t]);
                }
            }

            var lambdaMax = double.IsInfinity(cheapest) ? 1e6 : 2.0 / cheapest;
            var low = At(0);
            var high = At(lambdaMax);

            // Breadth-first bisection so that a cap keeps the frontier evenly refined.
            var vertices = new List<(PolicyTable Table, PolicyMetrics Metrics)> { low, high };
            var budget = Math.Max(2, maxPoints) * 2;
            var changed = true;
            while (changed && vertices.Count < maxPoints && budget > 0)
            {
                changed = false;
                var next = new List<(PolicyTable Table, PolicyMetrics Metrics)> { vertices[0] };
                for (var i = 1; i < vertices.Count; i++)
                {
                    var a = vertices[i - 1];
                    var b = vertices[i];
                    if (!SameValueLine(a.Metrics, b.Metrics) && budget-- > 0 && next.Count + (vertices.Count - i) < maxPoints)
                    {
                        var lambda = Intersection(a.Metrics, b.Metrics);
                        var middle = At(lambda);
                        var lineValue = Value(a.Metrics, lambda);
                        if (Value(middle.Metrics, lambda) > lineValue + (1e-9 * Math.Max(1, Math.Abs(lineValue)))
                            && !SameValueLine(middle.Metrics, a.Metrics) && !SameValueLine(middle.Metrics, b.Metrics))
                        {
                            next.Add(middle);
                            changed = true;
                        }
                    }

                    next.Add(b);
                }

                vertices = next;
            }

            // Drop repeats (same value line) and policies optimal only at a single λ.
            var distinct = new List<(PolicyTable Table, PolicyMetrics Metrics)>();
            foreach (var vertex in vertices)
            {
                if (distinct.Count == 0 || !SameValueLine(distinct[distinct.Count - 1].Metrics, vertex.Metrics))
                {
                    distinct.Add(vertex);
                }
            }

            var points = new List<FrontierPoint>(distinct.Count);
            for (var i = 0; i < distinct.Count; i++)
            {
                var lambdaLow = i == 0 ? 0 : Intersection(distinct[i - 1].Metrics, distinct[i].Metrics);
                var lambdaHigh = i == distinct.Count - 1 ? double.PositiveInfinity : Intersection(distinct[i].Metrics, distinct[i + 1].Metrics);
                if (lambdaHigh > lambdaLow || i == distinct.Count - 1)
                {
                    points.Add(new FrontierPoint(lambdaLow, Math.Max(lambdaLow, lambdaHigh), distinct[i].Table, distinct[i].Metrics));
                }
            }

            return points;
        }

        private static double Value(PolicyMetrics metrics, double lambda) =>
            metrics.ExpectedPerformance - (lambda * metrics.ExpectedCost);

        private static double Intersection(PolicyMetrics a, PolicyMetrics b) =>
            Math.Max(0, (a.ExpectedPerformance - b.ExpectedPerformance) / (a.ExpectedCost - b.ExpectedCost));

        private static bool SameValueLine(PolicyMetrics a, PolicyMetrics b) =>
            Math.Abs(a.ExpectedCost - b.ExpectedCost) <= 1e-9 * Math.Max(1, Math.Abs(a.ExpectedCost))
            && Math.Abs(a.ExpectedPerformance - b.ExpectedPerformance) <= 1e-12;

        /// <summary>
        /// The recursion. Values are unnormalised: weights w[s] = P(state s and the bins seen so far), so a
        /// value is the expected reward contribution of this branch and no division is needed. A tier appears at
        /// most once on a path, so each tier owns one posterior buffer and the recursion allocates nothing.
        /// </summary>
        private sealed class Expectimax
        {
            private readonly SolverModel _model;
            private readonly double _lambda;
            private readonly double[][] _posterior;

            /// <summary>[tier][point]: an adaptive tier's value and best action at each decision point (one visit at a time).</summary>
            private readonly double[][] _pointValues;
            private readonly TableAction[][] _pointActions;

            /// <summary>[tier, state]: the best performance any tier from this one on can give in the state.</summary>
            private readonly double[,] _bestFrom;

            public Expectimax(SolverModel model, double lambda)
            {
                _model = model;
                _lambda = lambda;
                _posterior = new double[model.TierCount][];
                for (var t = 0; t < model.TierCount; t++)
                {
                    _posterior[t] = new double[model.StateCount];
                }

                _pointValues = new double[model.TierCount][];
                _pointActions = new TableAction[model.TierCount][];
                for (var t = 0; t < model.TierCount; t++)
                {
                    if (model.Sampling[t] is { } sampling)
                    {
                        _pointValues[t] = new double[sampling.PointCount];
                        _pointActions[t] = new TableAction[sampling.PointCount];
                    }
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

                // An adaptive tier's decisions come from one sequential solve per node: keep it for the node's other slots.
                IReadOnlyList<(int Tier, int Bin)>? solvedHistory = null;
                TableAction[]? solvedActions = null;
                return PolicyTableBuilder.Build(
                    tiers,
                    start,
                    (tier, history) => ShouldVerify(tier, BeliefAfter(history)),
                    (tier, history, bin) =>
                    {
                        if (_model.Sampling[tier] is null)
                        {
                            return Decide(tier, BeliefAfter(history), bin);
                        }

                        if (!ReferenceEquals(history, solvedHistory) || solvedActions is null)
                        {
                            SolveRounds(tier, BeliefAfter(history));
                            solvedActions = (TableAction[])_pointActions[tier].Clone();
                            solvedHistory = history;
                        }

                        return solvedActions[bin];
                    });
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

                if (model.Sampling[tier] is { } sampling)
                {
                    // Verifying draws the first round; later rounds are decisions at the points (SolveRounds).
                    return (accept, (-_lambda * mass * (model.AnswerCost[tier] + sampling.CostOfRound(0))) + SolveRounds(tier, weights));
                }

                var verify = -_lambda * mass * model.VisitCost[tier];
                for (var bin = 0; bin < model.Bins[tier]; bin++)
                {
                    verify += AfterBin(tier, weights, bin, _posterior[tier]).Value;
                }

                return (accept, verify);
            }

            /// <summary>
            /// The optimal stopping rule of an adaptive tier reached with <paramref name="weights"/>, by backward
            /// induction over its rounds: at each point (round, agreeing so far) the best of accepting, routing to a
            /// later tier, and drawing the next round (its cost, then the value of the points it leads to, weighted by
            /// the share of their verdict sequences that pass through this point). Fills the tier's point values and
            /// actions; returns the summed value of the first round's points.
            /// </summary>
            private double SolveRounds(int tier, double[] weights)
            {
                var model = _model;
                var sampling = model.Sampling[tier]!;
                var observation = model.Observation[tier]!;
                var shares = model.ThroughShares[tier]!;
                var values = _pointValues[tier];
                var actions = _pointActions[tier];
                var nextFirst = -1;
                for (var round = sampling.Rounds - 1; round >= 0; round--)
                {
                    var first = sampling.FirstPoint(round);
                    var drawCost = nextFirst >= 0 ? sampling.CostOfRound(round + 1) : 0;
                    for (var j = 0; j <= sampling.SamplesAfter(round); j++)
                    {
                        var point = first + j;
                        var (value, action) = AfterBin(tier, weights, point, _posterior[tier]);
                        if (nextFirst >= 0)
                        {
                            var mass = 0.0;
                            for (var s = 0; s < weights.Length; s++)
                            {
                                mass += weights[s] * observation[s, point];
                            }

                            var through = shares[point]!;
                            var draw = -_lambda * mass * drawCost;
                            for (var i = 0; i < through.Length; i++)
                            {
                                draw += through[i] * values[nextFirst + j + i];
                            }

                            if (draw > value + Tolerance(draw, value, mass))
                            {
                                value = draw;
                                action = TableAction.Continue;
                            }
                        }

                        values[point] = value;
                        actions[point] = action;
                    }

                    nextFirst = first;
                }

                var total = 0.0;
                for (var j = 0; j <= sampling.SamplesAfter(0); j++)
                {
                    total += values[j];
                }

                return total;
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
    }
}
