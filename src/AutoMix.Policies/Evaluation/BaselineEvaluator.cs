using System;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>The baselines a POMDP router is compared with, measured on the same recorded rows.</summary>
    public static class BaselineEvaluator
    {
        /// <summary>Always answering with one tier (its cost only, no verifier): mean score and cost.</summary>
        public static CostQuality AlwaysTier(
            PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyDictionary<string, string> tierToModel, int tier,
            CancellationToken cancellationToken = default)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            if (tier < 0 || tier >= policy.Tiers.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(tier), tier, $"Policy '{policy.PolicyName}' has {policy.Tiers.Count} tiers.");
            }

            return ReplayRows.From(policy, rows, tierToModel, cancellationToken).AlwaysTier(tier);
        }

        /// <summary>
        /// The best single threshold (the same on every verified tier; one candidate per bin midpoint plus
        /// "never accept") chosen by ΔIBC on <paramref name="selectionRows"/> — the training rows — and then
        /// measured on <paramref name="evaluationRows"/>. Thresholds whose ΔIBC is undefined are never chosen;
        /// ties go to the cheaper threshold (on the selection rows).
        /// </summary>
        public static ThresholdBaseline BestThreshold(
            PolicyDocument policy,
            IReadOnlyList<RecordedQuery> selectionRows,
            IReadOnlyList<RecordedQuery> evaluationRows,
            IReadOnlyDictionary<string, string> tierToModel,
            CancellationToken cancellationToken = default)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            return BestThreshold(ThresholdTables.AllSingleThresholds(policy), ReplayRows.From(policy, selectionRows, tierToModel, cancellationToken), ReplayRows.From(policy, evaluationRows, tierToModel, cancellationToken), cancellationToken);
        }

        /// <summary>The best of <paramref name="tables"/> by ΔIBC on the selection rows, measured on the evaluation rows.</summary>
        public static ThresholdBaseline BestThreshold(
            IReadOnlyList<(double Threshold, PolicyTable Table)> tables,
            ReplayRows selectionRows,
            ReplayRows evaluationRows,
            CancellationToken cancellationToken = default)
        {
            if (tables is null)
            {
                throw new ArgumentNullException(nameof(tables));
            }

            var candidates = new List<ThresholdCandidate>();
            ThresholdCandidate? best = null;
            foreach (var (threshold, table) in tables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var selection = OfflineEvaluator.Evaluate(table, selectionRows);
                var candidate = new ThresholdCandidate(threshold, table, selection);
                candidates.Add(candidate);
                if (!selection.DeltaIbc.IsDefined)
                {
                    continue;
                }

                if (best is null
                    || selection.DeltaIbc.Value > best.Selection.DeltaIbc.Value + 1e-12
                    || (Math.Abs(selection.DeltaIbc.Value - best.Selection.DeltaIbc.Value) <= 1e-12 && selection.Cost < best.Selection.Cost))
                {
                    best = candidate;
                }
            }

            if (best is null)
            {
                throw new InvalidOperationException("No threshold has a defined ΔIBC on the selection rows: " + candidates[0].Selection.DeltaIbc.Note);
            }

            var evaluation = OfflineEvaluator.Evaluate(best.Table, evaluationRows);
            return new ThresholdBaseline(best.Threshold, best.Selection, evaluation, candidates);
        }

        /// <summary>
        /// Every two-tier sub-cascade of a policy with three or more tiers (start at tier i, verify, route to tier j,
        /// which answers unverified), each with its best threshold chosen on the selection rows and measured on
        /// the evaluation rows: the simple alternatives a multi-tier cascade has to beat.
        /// </summary>
        public static IReadOnlyList<SubCascadeBaseline> SubCascades(
            PolicyDocument policy, ReplayRows selectionRows, ReplayRows evaluationRows, CancellationToken cancellationToken = default)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            var result = new List<SubCascadeBaseline>();
            var last = policy.Tiers.Count - 1;
            if (last < 2)
            {
                return result;
            }

            for (var from = 0; from < last; from++)
            {
                for (var to = from + 1; to <= last; to++)
                {
                    try
                    {
                        var best = BestThreshold(ThresholdTables.AllSubCascadeThresholds(policy, from, to), selectionRows, evaluationRows, cancellationToken);
                        result.Add(new SubCascadeBaseline(from, to, best));
                    }
                    catch (InvalidOperationException)
                    {
                        // No threshold of this pair has a defined ΔIBC on the selection rows: not a baseline.
                    }
                }
            }

            return result;
        }

        /// <summary>
        /// Random mixing: send each query to the last tier with probability p, else answer with the first tier,
        /// unverified. Reported as the exact expectation over the coin (no sampling noise), so every point lies
        /// on the always-first–always-last line and its ΔIBC is 0 by construction (undefined at p = 0).
        /// </summary>
        public static IReadOnlyList<MixingPoint> RandomMixing(
            PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyDictionary<string, string> tierToModel,
            int steps = 10, CancellationToken cancellationToken = default)
        {
            if (steps < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(steps), steps, "At least one step is needed.");
            }

            var replay = ReplayRows.From(policy, rows, tierToModel, cancellationToken);
            var small = replay.AlwaysTier(0);
            var large = replay.AlwaysTier(policy.Tiers.Count - 1);
            var points = new List<MixingPoint>(steps + 1);
            for (var i = 0; i <= steps; i++)
            {
                var p = (double)i / steps;
                var point = new CostQuality(((1 - p) * small.Performance) + (p * large.Performance), ((1 - p) * small.Cost) + (p * large.Cost));
                points.Add(new MixingPoint(p, point, DeltaIbc.Of(point, small, large)));
            }

            return points;
        }

        /// <summary>Every λ-frontier policy replayed on the rows (cost–quality curve of the POMDP router).</summary>
        public static IReadOnlyList<FrontierEvaluation> Frontier(
            PolicyDocument policy, IReadOnlyList<FrontierPoint> frontier, IReadOnlyList<RecordedQuery> rows,
            IReadOnlyDictionary<string, string> tierToModel, CancellationToken cancellationToken = default)
        {
            if (frontier is null)
            {
                throw new ArgumentNullException(nameof(frontier));
            }

            var prepared = ReplayRows.From(policy, rows, tierToModel, cancellationToken);
            var result = new List<FrontierEvaluation>(frontier.Count);
            foreach (var point in frontier)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(new FrontierEvaluation(point, OfflineEvaluator.Evaluate(point.Table, prepared)));
            }

            return result;
        }
    }
}
