using System;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// Replays recorded queries through a policy table exactly as the runtime would run them, in expectation:
    /// start at node 0, and at a node that verifies follow every bin the runtime may observe for the row's
    /// recorded confidence (<see cref="Observation.ObservationProcess"/>: the bin itself for logprob, the
    /// Binomial(k, c) share for sampled verifiers) with its probability, until a tier's answer is accepted. The
    /// result is the expected score and cost of the runtime on each query, free of sampling noise. Cost follows
    /// the paper: every visited tier's cost plus, where the node verifies, its verifier's cost. Always-tier
    /// baselines cost just that tier's call (no verifier).
    /// </summary>
    public static class OfflineEvaluator
    {
        public static EvaluationReport Evaluate(
            PolicyTable table,
            PolicyDocument policy,
            IReadOnlyList<RecordedQuery> rows,
            IReadOnlyDictionary<string, string> tierToModel,
            CancellationToken cancellationToken = default)
        {
            if (table is null)
            {
                throw new ArgumentNullException(nameof(table));
            }

            return Evaluate(table, ReplayRows.From(policy, rows, tierToModel, cancellationToken));
        }

        /// <summary>The replay on prepared rows (shared by every table replayed on the same rows).</summary>
        public static EvaluationReport Evaluate(PolicyTable table, ReplayRows rows) => Report(Outcomes(table, rows));

        /// <summary>Averages per-query outcomes into a report with ΔIBC against always-first / always-last on the same queries.</summary>
        public static EvaluationReport Report(ReplayOutcomes outcomes)
        {
            if (outcomes is null)
            {
                throw new ArgumentNullException(nameof(outcomes));
            }

            var n = outcomes.Queries.Count;
            var tierCount = n == 0 ? 0 : outcomes.Queries[0].AnswerShares.Count;
            var answers = new double[tierCount];
            double performance = 0, cost = 0, firstScore = 0, lastScore = 0, samples = 0, rounds = 0;
            foreach (var outcome in outcomes.Queries)
            {
                samples += outcome.VerifierSamples;
                rounds += outcome.VerifierRounds;
                for (var t = 0; t < tierCount; t++)
                {
                    answers[t] += outcome.AnswerShares[t];
                }

                performance += outcome.Score;
                cost += outcome.Cost;
                firstScore += outcome.FirstTierScore;
                lastScore += outcome.LastTierScore;
            }

            for (var t = 0; t < tierCount; t++)
            {
                answers[t] /= n;
            }

            var router = new CostQuality(performance / n, cost / n);
            var first = new CostQuality(firstScore / n, outcomes.FirstTierCost);
            var last = new CostQuality(lastScore / n, outcomes.LastTierCost);
            return new EvaluationReport(n, outcomes.RowsSkipped, router, answers, first, last, DeltaIbc.Of(router, first, last))
            {
                VerifierSamplesPerQuery = n == 0 ? 0 : samples / n,
                VerifierRoundsPerQuery = n == 0 ? 0 : rounds / n,
            };
        }

        /// <summary>The per-query replay behind <see cref="Evaluate(PolicyTable, PolicyDocument, IReadOnlyList{RecordedQuery}, IReadOnlyDictionary{string, string}, CancellationToken)"/>.</summary>
        public static ReplayOutcomes Outcomes(
            PolicyTable table,
            PolicyDocument policy,
            IReadOnlyList<RecordedQuery> rows,
            IReadOnlyDictionary<string, string> tierToModel,
            CancellationToken cancellationToken = default)
        {
            if (table is null)
            {
                throw new ArgumentNullException(nameof(table));
            }

            return Outcomes(table, ReplayRows.From(policy, rows, tierToModel, cancellationToken));
        }

        /// <summary>The per-query expected outcomes of a table on prepared rows.</summary>
        public static ReplayOutcomes Outcomes(PolicyTable table, ReplayRows rows)
        {
            if (table is null)
            {
                throw new ArgumentNullException(nameof(table));
            }

            if (rows is null)
            {
                throw new ArgumentNullException(nameof(rows));
            }

            CheckTableMatches(table, rows.Policy);
            var walk = new Walk(table, rows);
            var last = rows.TierCount - 1;
            var outcomes = new List<QueryOutcome>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var shares = new double[rows.TierCount];
                var (score, cost) = walk.Run(i, shares);
                var query = rows.Queries[i];
                outcomes.Add(new QueryOutcome(query.Id, query.LineNumber, shares, score, cost, rows.Scores[i][0], rows.Scores[i][last])
                {
                    VerifierSamples = walk.Samples,
                    VerifierRounds = walk.Rounds,
                });
            }

            return new ReplayOutcomes(outcomes, rows.Skipped, rows.Policy.Tiers[0].Cost, rows.Policy.Tiers[last].Cost);
        }

        /// <summary>Summed expected score and cost over the rows, without per-query records (the cross-validation loop).</summary>
        public static (double Score, double Cost) Totals(PolicyTable table, ReplayRows rows)
        {
            var walk = new Walk(table, rows);
            double score = 0, cost = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var (s, c) = walk.Run(i, null);
                score += s;
                cost += c;
            }

            return (score, cost);
        }

        /// <summary>
        /// Adds each row's expected score and cost to <paramref name="scores"/>[<paramref name="ids"/>[i]] and
        /// <paramref name="costs"/>[<paramref name="ids"/>[i]] (cross-validation: held-out rows by their index in the full set).
        /// </summary>
        internal static void AddRowTotals(PolicyTable table, ReplayRows rows, IReadOnlyList<int> ids, double[] scores, double[] costs)
        {
            var walk = new Walk(table, rows);
            for (var i = 0; i < rows.Count; i++)
            {
                var (s, c) = walk.Run(i, null);
                scores[ids[i]] += s;
                costs[ids[i]] += c;
            }
        }

        private static void CheckTableMatches(PolicyTable table, PolicyDocument policy)
        {
            // Every route must go to a later tier, or a replay could loop forever.
            table.Validate();
            if (table.Tiers.Count != policy.Tiers.Count)
            {
                throw new ArgumentException($"The table has {table.Tiers.Count} tiers but policy '{policy.PolicyName}' has {policy.Tiers.Count}.", nameof(table));
            }

            for (var t = 0; t < policy.Tiers.Count; t++)
            {
                var bins = policy.Tiers[t].Verifier?.Binning.BinCount ?? 0;
                if (table.Tiers[t].Bins != bins)
                {
                    throw new ArgumentException($"Tier '{policy.Tiers[t].Name}' has {bins} bins in the policy but {table.Tiers[t].Bins} in the table.", nameof(table));
                }

                if (!Equals(table.Tiers[t].Sampling, policy.Tiers[t].Verifier?.Adaptive))
                {
                    throw new ArgumentException($"Tier '{policy.Tiers[t].Name}' samples differently (adaptive or not, rounds, costs) in the policy and in the table.", nameof(table));
                }
            }
        }

        /// <summary>The expectation over every path one row can take through the table.</summary>
        private sealed class Walk
        {
            private readonly PolicyTable _table;
            private readonly ReplayRows _rows;
            private readonly bool[] _verifies;
            private readonly double[] _answerCost;
            private readonly double[] _visitCost;
            private readonly double[] _samplesPerVisit;
            private readonly double[]?[]?[] _throughShares;

            /// <summary>Per adaptive tier, the surviving share of each decision point during its visit (a tier appears once on a path).</summary>
            private readonly double[]?[] _surviving;

            public Walk(PolicyTable table, ReplayRows rows)
            {
                _table = table;
                _rows = rows;
                _verifies = new bool[table.NodeCount];
                for (var node = 0; node < table.NodeCount; node++)
                {
                    _verifies[node] = table.Verifies(node);
                }

                _answerCost = new double[table.Tiers.Count];
                _visitCost = new double[table.Tiers.Count];
                _samplesPerVisit = new double[table.Tiers.Count];
                _throughShares = new double[]?[table.Tiers.Count][];
                _surviving = new double[]?[table.Tiers.Count];
                for (var t = 0; t < table.Tiers.Count; t++)
                {
                    _answerCost[t] = table.Tiers[t].Cost;
                    _visitCost[t] = table.Tiers[t].VisitCost;
                    _samplesPerVisit[t] = rows.Policy.Tiers[t].Verifier?.Samples ?? 0;
                    if (table.Tiers[t].Sampling is { } sampling)
                    {
                        _throughShares[t] = AdaptiveObservation.ThroughShares(sampling);
                        _surviving[t] = new double[sampling.PointCount];
                    }
                }
            }

            /// <summary>Expected verifier samples of the last <see cref="Run"/>.</summary>
            public double Samples { get; private set; }

            /// <summary>Expected verifier rounds of the last <see cref="Run"/>.</summary>
            public double Rounds { get; private set; }

            public (double Score, double Cost) Run(int row, double[]? shares)
            {
                double score = 0, cost = 0;
                Samples = 0;
                Rounds = 0;
                Visit(row, 0, 1.0, shares, ref score, ref cost);
                return (score, cost);
            }

            private void Visit(int row, int node, double probability, double[]? shares, ref double score, ref double cost)
            {
                var tier = _table.NodeTier[node];
                if (!_verifies[node])
                {
                    cost += probability * _answerCost[tier];
                    Accept(row, tier, probability, shares, ref score);
                    return;
                }

                if (_table.Tiers[tier].Sampling is { } sampling)
                {
                    VisitRounds(row, node, tier, sampling, probability, shares, ref score, ref cost);
                    return;
                }

                cost += probability * _visitCost[tier];
                Samples += probability * _samplesPerVisit[tier];
                Rounds += probability;
                foreach (var mass in _rows.Bins[row][tier])
                {
                    var p = probability * mass.Probability;
                    var next = _table.Next(node, mass.Bin);
                    if (next == PolicyTable.AcceptSlot)
                    {
                        Accept(row, tier, p, shares, ref score);
                    }
                    else
                    {
                        Visit(row, next, p, shares, ref score, ref cost);
                    }
                }
            }

            /// <summary>
            /// An adaptive visit: the first round is drawn; at each point the row's probability of getting there without
            /// stopping accepts, routes, or draws the next round (the same flow as <see cref="Solving.PolicyEvaluator"/>).
            /// </summary>
            private void VisitRounds(int row, int node, int tier, AdaptiveSampling sampling, double probability, double[]? shares, ref double score, ref double cost)
            {
                var points = _rows.Points[row][tier]!;
                var surviving = _surviving[tier]!;
                AdaptiveObservation.StartRounds(sampling, surviving);

                cost += probability * (_answerCost[tier] + sampling.CostOfRound(0));
                Samples += probability * sampling.DrawnIn(0);
                Rounds += probability;
                for (var round = 0; round < sampling.Rounds; round++)
                {
                    var first = sampling.FirstPoint(round);
                    for (var j = 0; j <= sampling.SamplesAfter(round); j++)
                    {
                        var point = first + j;
                        var p = probability * points[point] * surviving[point];
                        if (p <= 0)
                        {
                            continue;
                        }

                        var next = _table.Next(node, point);
                        if (next == PolicyTable.ContinueSlot)
                        {
                            cost += p * sampling.CostOfRound(round + 1);
                            Samples += p * sampling.DrawnIn(round + 1);
                            Rounds += p;
                            AdaptiveObservation.DrawOn(sampling, _throughShares[tier]!, surviving, round, j);
                        }
                        else if (next == PolicyTable.AcceptSlot)
                        {
                            Accept(row, tier, p, shares, ref score);
                        }
                        else
                        {
                            Visit(row, next, p, shares, ref score, ref cost);
                        }
                    }
                }
            }

            private void Accept(int row, int tier, double probability, double[]? shares, ref double score)
            {
                score += probability * _rows.Scores[row][tier];
                if (shares is not null)
                {
                    shares[tier] += probability;
                }
            }
        }
    }
}
