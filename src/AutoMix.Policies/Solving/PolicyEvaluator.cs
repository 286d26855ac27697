using System;
using System.Collections.Generic;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Solving
{
    /// <summary>
    /// Exact figures of any table under a policy's observation model (by walking the table with
    /// unnormalised beliefs from node 0, whatever tier it is on), and its worst-case cost over every path the
    /// table allows. A node pays its verifier only when it verifies (<see cref="NodeCost"/>).
    /// </summary>
    public static class PolicyEvaluator
    {
        /// <summary>
        /// Expected performance and cost, reach probabilities and answer shares under the model, plus the
        /// worst case. Without a model the expectations are NaN and the reach/answer shares empty.
        /// </summary>
        public static PolicyMetrics Evaluate(PolicyTable table, PolicyDocument policy)
        {
            var (worstCost, worstPath) = WorstCase(table);
            if (policy.Model is null)
            {
                return new PolicyMetrics(double.NaN, double.NaN, worstCost, worstPath, EquatableArray<double>.Empty, EquatableArray<double>.Empty);
            }

            var model = SolverModel.From(policy);
            var walk = new Walk(model, table);
            walk.Visit(0, model.Prior);
            return new PolicyMetrics(walk.Performance, walk.Cost, worstCost, worstPath, walk.Reach, walk.Answer);
        }

        /// <summary>
        /// What a visit to a node costs: its tier, plus the verifier when the node verifies (for an adaptive tier, at
        /// most: every round drawn).
        /// </summary>
        public static double NodeCost(PolicyTable table, int node)
        {
            var tier = table.Tiers[table.NodeTier[node]];
            return table.Verifies(node) ? tier.Cost + tier.VerifierCost : tier.Cost;
        }

        /// <summary>
        /// The most expensive path through the table, with its tiers written out ("small -> large"); a verified
        /// tier whose node accepts without verifying is marked "(unverified)".
        /// </summary>
        public static (double Cost, string Path) WorstCase(PolicyTable table)
        {
            var costs = new double[table.NodeCount];
            var nextOnWorst = new int[table.NodeCount];

            // Children always have larger node numbers, so one backward pass suffices.
            for (var node = table.NodeCount - 1; node >= 0; node--)
            {
                var sampling = table.Tiers[table.NodeTier[node]].Sampling;
                if (sampling is not null && table.Verifies(node))
                {
                    (costs[node], nextOnWorst[node]) = WorstAdaptiveVisit(table, node, sampling, costs);
                    continue;
                }

                var worstChild = 0.0;
                nextOnWorst[node] = PolicyTable.AcceptSlot;
                var slots = table.SlotCount(node);
                for (var bin = 0; bin < slots; bin++)
                {
                    var next = table.Next(node, bin);
                    if (next >= 0 && costs[next] > worstChild)
                    {
                        worstChild = costs[next];
                        nextOnWorst[node] = next;
                    }
                }

                costs[node] = NodeCost(table, node) + worstChild;
            }

            var path = new List<string>();
            for (var node = 0; node != PolicyTable.AcceptSlot; node = nextOnWorst[node])
            {
                var tier = table.Tiers[table.NodeTier[node]];
                path.Add(tier.IsVerified && !table.Verifies(node) ? tier.Name + " (unverified)" : tier.Name);
            }

            return (costs[0], string.Join(" -> ", path));
        }

        /// <summary>
        /// The most expensive way through an adaptive node: the rounds drawn until a point that stops (only points the
        /// table can reach count), plus the node it routes to there.
        /// </summary>
        private static (double Cost, int Next) WorstAdaptiveVisit(PolicyTable table, int node, AdaptiveSampling sampling, double[] costs)
        {
            var reachable = table.ReachablePoints(node);
            var worst = 0.0;
            var worstNext = PolicyTable.AcceptSlot;
            var spent = table.Tiers[table.NodeTier[node]].Cost;
            for (var round = 0; round < sampling.Rounds; round++)
            {
                spent += sampling.CostOfRound(round);
                var first = sampling.FirstPoint(round);
                for (var j = 0; j <= sampling.SamplesAfter(round); j++)
                {
                    var next = table.Next(node, first + j);
                    if (!reachable[first + j] || next == PolicyTable.ContinueSlot)
                    {
                        continue;
                    }

                    var cost = spent + (next >= 0 ? costs[next] : 0);
                    if (cost > worst)
                    {
                        worst = cost;
                        worstNext = next >= 0 ? next : PolicyTable.AcceptSlot;
                    }
                }
            }

            return (worst, worstNext);
        }

        private sealed class Walk
        {
            private readonly SolverModel _model;
            private readonly PolicyTable _table;
            private readonly double[] _reach;
            private readonly double[] _answer;

            /// <summary>One posterior buffer per tier: a tier appears at most once on a path, so nothing else is allocated.</summary>
            private readonly double[][] _posterior;

            /// <summary>Per adaptive tier, the surviving share of each decision point during its visit (same reason).</summary>
            private readonly double[]?[] _surviving;

            public Walk(SolverModel model, PolicyTable table)
            {
                if (table.Tiers.Count != model.TierCount)
                {
                    throw new ArgumentException($"The table has {table.Tiers.Count} tiers but the policy has {model.TierCount}.", nameof(table));
                }

                _model = model;
                _table = table;
                _reach = new double[model.TierCount];
                _answer = new double[model.TierCount];
                _posterior = new double[model.TierCount][];
                _surviving = new double[]?[model.TierCount];
                for (var t = 0; t < model.TierCount; t++)
                {
                    _posterior[t] = new double[model.StateCount];
                    _surviving[t] = model.Sampling[t] is { } sampling ? new double[sampling.PointCount] : null;
                }
            }

            public double Performance { get; private set; }

            public double Cost { get; private set; }

            public EquatableArray<double> Reach => new EquatableArray<double>((double[])_reach.Clone());

            public EquatableArray<double> Answer => new EquatableArray<double>((double[])_answer.Clone());

            public void Visit(int node, double[] weights)
            {
                var tier = _table.NodeTier[node];
                var mass = Sum(weights);
                _reach[tier] += mass;
                if (_model.Sampling[tier] is { } sampling && _table.Verifies(node))
                {
                    VisitRounds(node, tier, sampling, weights, mass);
                    return;
                }

                Cost += mass * NodeCost(_table, node);
                if (!_table.Verifies(node))
                {
                    Accept(tier, weights, mass);
                    return;
                }

                if (_model.Observation[tier] is null)
                {
                    throw new InvalidOperationException($"Node {node} verifies tier '{_table.Tiers[tier].Name}', but the policy has no verifier there.");
                }

                var slots = _table.SlotCount(node);
                var posterior = _posterior[tier];
                for (var bin = 0; bin < slots; bin++)
                {
                    var likelihood = _model.Likelihood[tier][bin].AsSpan(0, weights.Length);
                    for (var s = 0; s < likelihood.Length; s++)
                    {
                        posterior[s] = weights[s] * likelihood[s];
                    }

                    var next = _table.Next(node, bin);
                    if (next == PolicyTable.AcceptSlot)
                    {
                        Accept(tier, posterior, Sum(posterior));
                    }
                    else if (_table.NodeTier[next] <= tier)
                    {
                        throw new InvalidOperationException($"Node {node} bin {bin} routes to node {next}, which is not a later tier.");
                    }
                    else
                    {
                        Visit(next, posterior);
                    }
                }
            }

            /// <summary>
            /// An adaptive visit: the first round is drawn, then each point's mass (its sequences that got there without
            /// stopping) accepts, routes, or draws the next round, whose points it reaches in proportion to
            /// <see cref="SolverModel.ThroughShares"/>.
            /// </summary>
            private void VisitRounds(int node, int tier, AdaptiveSampling sampling, double[] weights, double mass)
            {
                Cost += mass * (_model.AnswerCost[tier] + sampling.CostOfRound(0));
                var observation = _model.Observation[tier]!;
                var surviving = _surviving[tier]!;
                AdaptiveObservation.StartRounds(sampling, surviving);

                for (var round = 0; round < sampling.Rounds; round++)
                {
                    var first = sampling.FirstPoint(round);
                    for (var j = 0; j <= sampling.SamplesAfter(round); j++)
                    {
                        var point = first + j;
                        if (surviving[point] <= 0)
                        {
                            continue;
                        }

                        var posterior = _posterior[tier];
                        for (var s = 0; s < weights.Length; s++)
                        {
                            posterior[s] = weights[s] * observation[s, point] * surviving[point];
                        }

                        var next = _table.Next(node, point);
                        if (next == PolicyTable.ContinueSlot)
                        {
                            Cost += Sum(posterior) * sampling.CostOfRound(round + 1);
                            AdaptiveObservation.DrawOn(sampling, _model.ThroughShares[tier]!, surviving, round, j);
                        }
                        else if (next == PolicyTable.AcceptSlot)
                        {
                            Accept(tier, posterior, Sum(posterior));
                        }
                        else
                        {
                            Visit(next, posterior);
                        }
                    }
                }
            }

            private void Accept(int tier, double[] weights, double mass)
            {
                _answer[tier] += mass;
                var score = _model.TierPerformance[tier].AsSpan(0, weights.Length);
                var performance = Performance;
                for (var s = 0; s < score.Length; s++)
                {
                    performance += weights[s] * score[s];
                }

                Performance = performance;
            }

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
