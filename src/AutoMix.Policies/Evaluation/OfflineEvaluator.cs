using System;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// Replays recorded queries through a policy table: start at node 0, bin the tier's recorded confidence with
    /// the tier's binning, follow <see cref="PolicyTable.Next"/> until a tier's answer is accepted. Cost follows
    /// the paper: every visited tier's cost plus, for verified tiers, its verifier's cost. Always-tier baselines
    /// cost just that tier's call (no verifier).
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
            var outcomes = Outcomes(table, policy, rows, tierToModel, cancellationToken);
            var tierCount = policy.Tiers.Count;
            var answers = new double[tierCount];
            var performance = 0.0;
            var cost = 0.0;
            var firstScore = 0.0;
            var lastScore = 0.0;
            foreach (var outcome in outcomes.Queries)
            {
                answers[outcome.AnsweredBy]++;
                performance += outcome.Score;
                cost += outcome.Cost;
                firstScore += outcome.FirstTierScore;
                lastScore += outcome.LastTierScore;
            }

            var n = outcomes.Queries.Count;
            for (var t = 0; t < tierCount; t++)
            {
                answers[t] /= n;
            }

            var router = new CostQuality(performance / n, cost / n);
            var first = new CostQuality(firstScore / n, outcomes.FirstTierCost);
            var last = new CostQuality(lastScore / n, outcomes.LastTierCost);
            return new EvaluationReport(n, outcomes.RowsSkipped, router, answers, first, last, DeltaIbc.Of(router, first, last));
        }

        /// <summary>The per-query replay behind <see cref="Evaluate"/> (for bootstrap intervals and listings).</summary>
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

            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            if (rows is null)
            {
                throw new ArgumentNullException(nameof(rows));
            }

            CheckTableMatches(table, policy);
            var replay = new Replay(policy, rows, tierToModel, cancellationToken);
            var last = policy.Tiers.Count - 1;
            var outcomes = new List<QueryOutcome>(replay.Rows.Count);
            for (var i = 0; i < replay.Rows.Count; i++)
            {
                var runs = replay.Rows[i];
                var node = 0;
                var cost = 0.0;
                while (true)
                {
                    var tier = table.NodeTier[node];
                    cost += table.Tiers[tier].VisitCost;
                    var verifier = policy.Tiers[tier].Verifier;
                    var next = verifier is null
                        ? PolicyTable.AcceptSlot
                        : table.Next(node, verifier.Binning.BinOf(RecordedConfidence.Of(runs[tier])));
                    if (next == PolicyTable.AcceptSlot)
                    {
                        var query = replay.Queries[i];
                        outcomes.Add(new QueryOutcome(query.Id, query.LineNumber, tier, runs[tier].Score, cost, runs[0].Score, runs[last].Score));
                        break;
                    }

                    node = next;
                }
            }

            return new ReplayOutcomes(outcomes, replay.Skipped, policy.Tiers[0].Cost, policy.Tiers[last].Cost);
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
            }
        }

        /// <summary>The rows that have a run for every mapped model, as runs in tier order.</summary>
        internal sealed class Replay
        {
            public Replay(PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyDictionary<string, string> tierToModel, CancellationToken cancellationToken)
            {
                Policy = policy;
                var models = TierModels.Resolve(policy, rows, tierToModel);
                foreach (var query in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var runs = new RecordedRun[models.Length];
                    var complete = true;
                    for (var t = 0; t < models.Length && complete; t++)
                    {
                        complete = query.Runs.TryGetValue(models[t], out runs[t]!);
                    }

                    if (complete)
                    {
                        Rows.Add(runs);
                        Queries.Add(query);
                    }
                    else
                    {
                        Skipped++;
                    }
                }

                if (Rows.Count == 0)
                {
                    throw new InvalidOperationException($"None of the {rows.Count} rows has a run for every mapped model ({string.Join(", ", models)}); nothing to evaluate.");
                }
            }

            public PolicyDocument Policy { get; }

            public List<RecordedRun[]> Rows { get; } = new List<RecordedRun[]>();

            public List<RecordedQuery> Queries { get; } = new List<RecordedQuery>();

            public int Skipped { get; }

            /// <summary>Always answering with one tier: its mean score, at its own cost (no verifier).</summary>
            public CostQuality AlwaysTier(int tier)
            {
                var score = 0.0;
                foreach (var runs in Rows)
                {
                    score += runs[tier].Score;
                }

                return new CostQuality(score / Rows.Count, Policy.Tiers[tier].Cost);
            }
        }
    }
}
