using System;
using System.Collections.Generic;
using System.Text;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Solving
{
    /// <summary>
    /// Exact expectimax over the finite observation tree of a policy's POMDP (AutoMix §4.2, App. A.3).
    /// Hidden state: one of the model's states. At each verified tier the bin is observed; the belief is
    /// the Bayes posterior given every bin seen so far (observations of different tiers are independent
    /// given the state). Actions: accept the tier's answer, or route to any later tier. Reward: performance of
    /// the accepted answer − λ·(every generation and verifier cost spent). Ties go to the cheaper action
    /// (accept, then the nearest tier).
    /// </summary>
    public static class PomdpSolver
    {
        /// <summary>Relative tolerance under which two action values count as tied.</summary>
        private const double TieTolerance = 1e-12;

        /// <summary>The optimal table for a fixed λ ≥ 0.</summary>
        public static PolicyTable Solve(PolicyDocument policy, double lambda)
        {
            if (lambda < 0 || double.IsNaN(lambda))
            {
                throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be a non-negative number.");
            }

            var solver = new Expectimax(SolverModel.From(policy), lambda);
            solver.Arrive(0, solver.Model.Prior, new List<(int Tier, int Bin)>());
            return PolicyTableBuilder.Build(TableTiers.From(policy), solver.Decision);
        }

        /// <summary>
        /// The λ-frontier: every distinct optimal policy as λ goes from 0 to ∞, found exactly by bisecting
        /// on the breakpoints of the convex, piecewise-linear optimal value V(λ) = max_π P(π) − λ·C(π).
        /// Ordered by λ ascending, i.e. from the most expensive, best-performing policy to the cheapest.
        /// </summary>
        public static IReadOnlyList<Compilation.FrontierPoint> Frontier(PolicyDocument policy)
        {
            var model = SolverModel.From(policy);
            var tiers = TableTiers.From(policy);

            (PolicyTable Table, Tables.PolicyMetrics Metrics) At(double lambda)
            {
                var solver = new Expectimax(model, lambda);
                solver.Arrive(0, model.Prior, new List<(int Tier, int Bin)>());
                var table = PolicyTableBuilder.Build(tiers, solver.Decision);
                return (table, PolicyEvaluator.Evaluate(table, policy));
            }

            // Above this λ no routing can pay: performance gains are at most 1 per query, and any later tier costs more than 1/λ.
            var cheapestLater = double.PositiveInfinity;
            for (var t = 1; t < model.TierCount; t++)
            {
                cheapestLater = Math.Min(cheapestLater, model.VisitCost[t]);
            }

            var lambdaMax = 2.0 / cheapestLater;
            var low = At(0);
            var high = At(lambdaMax);

            var vertices = new List<(PolicyTable Table, Tables.PolicyMetrics Metrics)> { low };
            var breakpoints = new List<double>();
            Refine(low, high, vertices, breakpoints, At, depth: 0);

            var points = new List<Compilation.FrontierPoint>(vertices.Count);
            for (var i = 0; i < vertices.Count; i++)
            {
                var lambdaLow = i == 0 ? 0 : breakpoints[i - 1];
                var lambdaHigh = i == vertices.Count - 1 ? double.PositiveInfinity : breakpoints[i];

                // A policy optimal only at a single λ (e.g. at λ = 0, one that spends more for the same quality)
                // is weakly dominated by its neighbour: not a point anyone should pick.
                if (lambdaHigh > lambdaLow)
                {
                    points.Add(new Compilation.FrontierPoint(lambdaLow, lambdaHigh, vertices[i].Table, vertices[i].Metrics));
                }
            }

            if (points.Count > 0 && points[0].LambdaLow > 0)
            {
                points[0] = points[0] with { LambdaLow = 0 };
            }

            return points;
        }

        // Between two frontier policies a (cheaper λ) and b: solve at their value lines' intersection; a strictly
        // better policy there is a new vertex between them, otherwise a and b are adjacent.
        private static void Refine(
            (PolicyTable Table, Tables.PolicyMetrics Metrics) a,
            (PolicyTable Table, Tables.PolicyMetrics Metrics) b,
            List<(PolicyTable Table, Tables.PolicyMetrics Metrics)> vertices,
            List<double> breakpoints,
            Func<double, (PolicyTable Table, Tables.PolicyMetrics Metrics)> solveAt,
            int depth)
        {
            if (SameValueLine(a.Metrics, b.Metrics))
            {
                return;
            }

            var lambda = Intersection(a.Metrics, b.Metrics);
            var middle = solveAt(lambda);
            var middleValue = Value(middle.Metrics, lambda);
            var lineValue = Value(a.Metrics, lambda);
            var scale = Math.Max(1, Math.Abs(lineValue));
            if (depth < 64 && middleValue > lineValue + (1e-9 * scale)
                && !SameValueLine(middle.Metrics, a.Metrics) && !SameValueLine(middle.Metrics, b.Metrics))
            {
                Refine(a, middle, vertices, breakpoints, solveAt, depth + 1);
                Refine(middle, b, vertices, breakpoints, solveAt, depth + 1);
                return;
            }

            breakpoints.Add(lambda);
            vertices.Add(b);
        }

        private static double Value(Tables.PolicyMetrics metrics, double lambda) =>
            metrics.ExpectedPerformance - (lambda * metrics.ExpectedCost);

        private static double Intersection(Tables.PolicyMetrics a, Tables.PolicyMetrics b) =>
            Math.Max(0, (a.ExpectedPerformance - b.ExpectedPerformance) / (a.ExpectedCost - b.ExpectedCost));

        private static bool SameValueLine(Tables.PolicyMetrics a, Tables.PolicyMetrics b) =>
            Math.Abs(a.ExpectedCost - b.ExpectedCost) <= 1e-9 * Math.Max(1, Math.Abs(a.ExpectedCost))
            && Math.Abs(a.ExpectedPerformance - b.ExpectedPerformance) <= 1e-12;

        /// <summary>
        /// The recursion. Values are unnormalised: weights w[s] = P(state s and the bins seen so far), so a
        /// value is the expected reward contribution of this branch and no division is needed.
        /// </summary>
        private sealed class Expectimax
        {
            private readonly double _lambda;
            private readonly Dictionary<string, TableAction> _decisions = new Dictionary<string, TableAction>(StringComparer.Ordinal);

            public Expectimax(SolverModel model, double lambda)
            {
                Model = model;
                _lambda = lambda;
            }

            public SolverModel Model { get; }

            /// <summary>Value of arriving at a tier with weights <paramref name="weights"/>, paying its visit cost onwards.</summary>
            public double Arrive(int tier, double[] weights, List<(int Tier, int Bin)> history)
            {
                var model = Model;
                var mass = 0.0;
                var accepted = 0.0;
                for (var s = 0; s < weights.Length; s++)
                {
                    mass += weights[s];
                    accepted += weights[s] * model.Performance[s, tier];
                }

                var observation = model.Observation[tier];
                if (observation is null)
                {
                    return accepted - (_lambda * mass * model.VisitCost[tier]);
                }

                var value = -_lambda * mass * model.VisitCost[tier];
                var posterior = new double[weights.Length];
                for (var bin = 0; bin < model.Bins[tier]; bin++)
                {
                    var acceptValue = 0.0;
                    var binMass = 0.0;
                    for (var s = 0; s < weights.Length; s++)
                    {
                        posterior[s] = weights[s] * observation[s, bin];
                        binMass += posterior[s];
                        acceptValue += posterior[s] * model.Performance[s, tier];
                    }

                    var best = TableAction.Accept;
                    var bestValue = acceptValue;
                    history.Add((tier, bin));
                    for (var next = tier + 1; next < model.TierCount; next++)
                    {
                        var routeValue = Arrive(next, posterior, history);
                        var tolerance = TieTolerance * Math.Max(binMass, Math.Max(Math.Abs(routeValue), Math.Abs(bestValue)));

                        // Strictly better only: on a tie the earlier (cheaper) action stays.
                        if (routeValue > bestValue + tolerance)
                        {
                            best = TableAction.RouteTo(next);
                            bestValue = routeValue;
                        }
                    }

                    history.RemoveAt(history.Count - 1);
                    _decisions[Key(tier, history, bin)] = best;
                    value += bestValue;
                }

                return value;
            }

            public TableAction Decision(int tier, IReadOnlyList<(int Tier, int Bin)> history, int bin) =>
                _decisions.TryGetValue(Key(tier, history, bin), out var action)
                    ? action
                    : throw new InvalidOperationException($"No decision was solved for tier {tier} bin {bin}.");

            private static string Key(int tier, IReadOnlyList<(int Tier, int Bin)> history, int bin)
            {
                var key = new StringBuilder();
                foreach (var (t, b) in history)
                {
                    key.Append(t).Append(':').Append(b).Append(',');
                }

                return key.Append(tier).Append(':').Append(bin).ToString();
            }
        }
    }
}
