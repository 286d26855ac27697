using System;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;

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

            return new OfflineEvaluator.Replay(policy, rows, tierToModel, cancellationToken).AlwaysTier(tier);
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

            var candidates = new List<ThresholdCandidate>();
            ThresholdCandidate? best = null;
            foreach (var (threshold, table) in ThresholdTables.AllSingleThresholds(policy))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var selection = OfflineEvaluator.Evaluate(table, policy, selectionRows, tierToModel, cancellationToken);
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

            var evaluation = OfflineEvaluator.Evaluate(best.Table, policy, evaluationRows, tierToModel, cancellationToken);
            return new ThresholdBaseline(best.Threshold, best.Selection, evaluation, candidates);
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

            var replay = new OfflineEvaluator.Replay(policy, rows, tierToModel, cancellationToken);
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

            var result = new List<FrontierEvaluation>(frontier.Count);
            foreach (var point in frontier)
            {
                result.Add(new FrontierEvaluation(point, OfflineEvaluator.Evaluate(point.Table, policy, rows, tierToModel, cancellationToken)));
            }

            return result;
        }
    }
}
