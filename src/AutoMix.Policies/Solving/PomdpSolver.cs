using System;
using System.Collections.Generic;
using AutoMix.Policies.Collections;
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
    /// <item>after a verified tier's bin: accept its answer, or route to any later tier;</item>
    /// <item>at an adaptive tier, after each round of samples: accept, route to any later tier, or draw another round
    /// (the optimal stopping rule, by backward induction over the rounds).</item>
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
        /// most once on a path, so each tier owns one posterior buffer and the recursion allocates nothing but
        /// its decision records.
        /// <para>
        /// Decisions are recorded while the values are computed, so the table is read off the records instead of
        /// re-solving every node's subtrees from its history. Records are kept in depth-first order in one int
        /// array: a node is [tier, slots], slots = its tier's bins (decision points, when adaptive) when it verifies,
        /// else 0, then one entry per bin: <see cref="PolicyTable.AcceptSlot"/>, <see cref="PolicyTable.ContinueSlot"/>
        /// (adaptive: draw another round) or the routed-to child's offset from the node's own record. Only the
        /// chosen actions' records survive: a losing alternative's records are dropped as soon as it loses, so the
        /// array holds the solved table plus the path being explored.
        /// </para>
        /// </summary>
        private sealed class Expectimax
        {
            private readonly SolverModel _model;
            private readonly double _lambda;
            private readonly double[][] _posterior;

            /// <summary>[tier][state]: the best performance any tier from this one on can give in the state.</summary>
            private readonly double[][] _bestFrom;

            /// <summary>[tier][point]: an adaptive tier's value at each decision point (one visit at a time: a tier appears once on a path).</summary>
            private readonly double[]?[] _pointValues;

            private int[] _records = new int[256];
            private int _end;

            public Expectimax(SolverModel model, double lambda)
            {
                _model = model;
                _lambda = lambda;
                _posterior = new double[model.TierCount][];
                for (var t = 0; t < model.TierCount; t++)
                {
                    _posterior[t] = new double[model.StateCount];
                }

                _bestFrom = new double[model.TierCount][];
                _pointValues = new double[]?[model.TierCount];
                for (var t = 0; t < model.TierCount; t++)
                {
                    _bestFrom[t] = new double[model.StateCount];
                    _pointValues[t] = model.Sampling[t] is { } sampling ? new double[sampling.PointCount] : null;
                }

                for (var s = 0; s < model.StateCount; s++)
                {
                    var best = double.NegativeInfinity;
                    for (var t = model.TierCount - 1; t >= 0; t--)
                    {
                        best = Math.Max(best, model.Performance[s, t]);
                        _bestFrom[t][s] = best;
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
                var best = _bestFrom[tier].AsSpan(0, weights.Length);
                for (var s = 0; s < best.Length; s++)
                {
                    bound += weights[s] * best[s];
                }

                return bound;
            }

            public PolicyTable Build(IReadOnlyList<TableTier> tiers)
            {
                var prior = _model.Prior;
                var bestValue = Value(0, prior);
                var root = 0;
                for (var t = 1; t < _model.TierCount; t++)
                {
                    var mark = _end;
                    var value = Value(t, prior);
                    if (value > bestValue + Tolerance(value, bestValue, 1))
                    {
                        root = Replace(root, mark);
                        bestValue = value;
                    }
                    else
                    {
                        _end = mark;
                    }
                }

                return ToTable(tiers, root);
            }

            /// <summary>Best value of arriving at a tier with weights <paramref name="weights"/>; its decisions are recorded at the end of the records.</summary>
            private double Value(int tier, double[] weights)
            {
                var node = _end;
                var (accept, verify, mass) = Options(tier, weights);
                if (verify > accept + Tolerance(verify, accept, mass))
                {
                    return verify;
                }

                // Accepting unverified: the node owns no slots and none of the per-bin decisions survive.
                _records[node + 1] = 0;
                _end = node + 2;
                return accept;
            }

            /// <summary>
            /// (value of accepting unverified, value of verifying and then deciding per bin, the weights' sum).
            /// Records the node as verifying, with the per-bin decisions; <see cref="Value"/> truncates it when
            /// accepting wins.
            /// </summary>
            private (double Accept, double Verify, double Mass) Options(int tier, double[] weights)
            {
                var model = _model;
                var mass = 0.0;
                var performance = 0.0;
                var score = model.TierPerformance[tier].AsSpan(0, weights.Length);
                for (var s = 0; s < score.Length; s++)
                {
                    mass += weights[s];
                    performance += weights[s] * score[s];
                }

                var accept = performance - (_lambda * mass * model.AnswerCost[tier]);
                var observation = model.Observation[tier];
                var node = Reserve(2);
                _records[node] = tier;
                _records[node + 1] = 0;
                if (observation is null || mass <= 0)
                {
                    return (accept, double.NegativeInfinity, mass);
                }

                var bins = model.Bins[tier];
                _records[node + 1] = bins;
                Reserve(bins);
                if (model.Sampling[tier] is { } sampling)
                {
                    // Verifying draws the first round; later rounds are decisions at the points (SolveRounds).
                    return (accept, (-_lambda * mass * (model.AnswerCost[tier] + sampling.CostOfRound(0))) + SolveRounds(tier, weights, sampling, node), mass);
                }

                var verify = -_lambda * mass * model.VisitCost[tier];
                for (var bin = 0; bin < bins; bin++)
                {
                    verify += AfterBin(tier, weights, bin, _posterior[tier], node);
                }

                return (accept, verify, mass);
            }

            /// <summary>
            /// The optimal stopping rule of an adaptive tier reached with <paramref name="weights"/>, by backward
            /// induction over its rounds: at each point (round, agreeing so far) the best of accepting, routing to a
            /// later tier (<see cref="AfterBin"/>, the point in place of a bin), and drawing the next round (its cost,
            /// then the values of the points it leads to, weighted by the share of their verdict sequences that pass
            /// through this point). A point that draws on keeps no child records. Returns the summed value of the
            /// first round's points.
            /// </summary>
            private double SolveRounds(int tier, double[] weights, AdaptiveSampling sampling, int node)
            {
                var likelihood = _model.Likelihood[tier];
                var shares = _model.ThroughShares[tier]!;
                var values = _pointValues[tier]!;
                var nextFirst = -1;
                for (var round = sampling.Rounds - 1; round >= 0; round--)
                {
                    var first = sampling.FirstPoint(round);
                    var drawCost = nextFirst >= 0 ? sampling.CostOfRound(round + 1) : 0;
                    for (var j = 0; j <= sampling.SamplesAfter(round); j++)
                    {
                        var point = first + j;
                        var mark = _end;
                        var value = AfterBin(tier, weights, point, _posterior[tier], node);
                        if (nextFirst >= 0)
                        {
                            var mass = 0.0;
                            var row = likelihood[point];
                            for (var s = 0; s < weights.Length; s++)
                            {
                                mass += weights[s] * row[s];
                            }

                            var through = shares[point]!;
                            var draw = -_lambda * mass * drawCost;
                            for (var i = 0; i < through.Length; i++)
                            {
                                draw += through[i] * values[nextFirst + j + i];
                            }

                            if (draw > value + Tolerance(draw, value, mass))
                            {
                                // This point's route (if any) lost: its records are the last ones written.
                                _end = mark;
                                _records[node + 2 + point] = PolicyTable.ContinueSlot;
                                value = draw;
                            }
                        }

                        values[point] = value;
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

            /// <summary>
            /// The best action after observing <paramref name="bin"/> at a tier reached with <paramref name="weights"/>
            /// (accept, or route to the later tier worth most; ties stay with the cheaper), recorded in the slot of
            /// <paramref name="node"/>, and its value. The posterior is written to <paramref name="posterior"/>.
            /// </summary>
            private double AfterBin(int tier, double[] weights, int bin, double[] posterior, int node)
            {
                var model = _model;
                var likelihood = model.Likelihood[tier][bin].AsSpan(0, weights.Length);
                var score = model.TierPerformance[tier].AsSpan(0, weights.Length);
                var binMass = 0.0;
                var best = 0.0;
                for (var s = 0; s < likelihood.Length; s++)
                {
                    var p = weights[s] * likelihood[s];
                    posterior[s] = p;
                    binMass += p;
                    best += p * score[s];
                }

                var slot = node + 2 + bin;
                _records[slot] = PolicyTable.AcceptSlot;
                if (binMass <= 0)
                {
                    return best;
                }

                var child = -1;
                for (var next = tier + 1; next < model.TierCount; next++)
                {
                    if (UpperBound(next, posterior, binMass) <= best + Tolerance(best, best, binMass))
                    {
                        continue;
                    }

                    var mark = _end;
                    var routeValue = Value(next, posterior);
                    if (routeValue > best + Tolerance(routeValue, best, binMass))
                    {
                        best = routeValue;
                        child = child < 0 ? mark : Replace(child, mark);
                        _records[slot] = child - node;
                    }
                    else
                    {
                        _end = mark;
                    }
                }

                return best;
            }

            /// <summary>
            /// Drops the records of the previous winner (which start at <paramref name="loser"/> and end where the new
            /// winner's start, at <paramref name="winner"/>) by moving the new winner's records down. Offsets are
            /// relative, so moved records stay valid. Returns where the winner now starts.
            /// </summary>
            private int Replace(int loser, int winner)
            {
                var length = _end - winner;
                Array.Copy(_records, winner, _records, loser, length);
                _end = loser + length;
                return loser;
            }

            /// <summary>Appends room for <paramref name="count"/> ints and returns where it starts.</summary>
            private int Reserve(int count)
            {
                var start = _end;
                if (start + count > _records.Length)
                {
                    Array.Resize(ref _records, Math.Max(_records.Length * 2, start + count));
                }

                _end = start + count;
                return start;
            }

            /// <summary>
            /// The table of the records under <paramref name="root"/>, numbered breadth-first like
            /// <see cref="PolicyTableBuilder"/>: a node's routed bins get the next free node numbers in bin order.
            /// </summary>
            private PolicyTable ToTable(IReadOnlyList<TableTier> tiers, int root)
            {
                var queue = new List<int> { root };
                var nodeTier = new List<int>();
                var firstSlot = new List<int>();
                var slots = new List<int>();
                for (var node = 0; node < queue.Count; node++)
                {
                    var record = queue[node];
                    nodeTier.Add(_records[record]);
                    firstSlot.Add(slots.Count);
                    var bins = _records[record + 1];
                    for (var bin = 0; bin < bins; bin++)
                    {
                        var offset = _records[record + 2 + bin];
                        if (offset == PolicyTable.AcceptSlot || offset == PolicyTable.ContinueSlot)
                        {
                            slots.Add(offset);
                            continue;
                        }

                        slots.Add(queue.Count);
                        queue.Add(record + offset);
                    }
                }

                return new PolicyTable(
                    new EquatableArray<TableTier>(new List<TableTier>(tiers).ToArray()),
                    new EquatableArray<int>(nodeTier.ToArray()),
                    new EquatableArray<int>(firstSlot.ToArray()),
                    new EquatableArray<int>(slots.ToArray()));
            }

            private static double Tolerance(double a, double b, double mass) =>
                TieTolerance * Math.Max(mass, Math.Max(Math.Abs(a), Math.Abs(b)));
        }
    }
}
