using System;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// The whole offline comparison of a compiled policy in one call, shared by the CLI and the tests: the
    /// compiled default table replayed exactly (the runtime's observation process, in expectation) on the
    /// evaluation rows, against always-each-tier, the best single threshold and (three or more tiers) the best
    /// two-tier sub-cascades chosen on the selection rows, random mixing, and every frontier policy — all
    /// replayed through the same observation process, so every row of the comparison sees what the runtime sees.
    /// </summary>
    public static class EvaluationSuite
    {
        public static SuiteReport Run(
            PolicyCompilation compilation,
            IReadOnlyList<RecordedQuery> selectionRows,
            IReadOnlyList<RecordedQuery> evaluationRows,
            IReadOnlyDictionary<string, string> tierToModel,
            CancellationToken cancellationToken = default)
        {
            if (compilation is null)
            {
                throw new ArgumentNullException(nameof(compilation));
            }

            if (compilation.Document is not { } policy || compilation.Default is not { } chosen)
            {
                throw new ArgumentException($"The policy '{compilation.FilePath}' did not compile; nothing to evaluate.", nameof(compilation));
            }

            var evaluation = ReplayRows.From(policy, evaluationRows, tierToModel, cancellationToken);
            var selection = ReplayRows.From(policy, selectionRows, tierToModel, cancellationToken);
            var router = OfflineEvaluator.Outcomes(chosen.Table, evaluation);
            var always = new List<CostQuality>();
            for (var tier = 0; tier < policy.Tiers.Count; tier++)
            {
                always.Add(evaluation.AlwaysTier(tier));
            }

            ThresholdBaseline? threshold = null;
            string? thresholdNote = null;
            try
            {
                threshold = BaselineEvaluator.BestThreshold(ThresholdTables.AllSingleThresholds(policy), selection, evaluation, cancellationToken);
            }
            catch (InvalidOperationException exception)
            {
                thresholdNote = exception.Message;
            }

            var frontier = new List<FrontierEvaluation>();
            if (policy.Router.Kind == RouterKind.Pomdp && policy.Model is not null)
            {
                foreach (var point in PolicyCompiler.FrontierOf(compilation))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    frontier.Add(new FrontierEvaluation(point, OfflineEvaluator.Evaluate(point.Table, evaluation)));
                }
            }

            // An adaptive policy is compared with the same policy drawing all k samples at once, on the same rows: the
            // same threshold when calibration chose one, else the fixed policy's own max-IBC under the model (a λ chosen
            // for the adaptive table prices samples it would not draw, so it is not reused).
            EvaluationReport? fixedK = null;
            if (FixedSampling(policy) is { } fixedPolicy)
            {
                var fixedPoint = fixedPolicy.Model?.Selection is { Kind: RouterSelectionKind.Threshold }
                    ? OperatingPointSelector.MaxIbc("fixed-k", fixedPolicy)
                    : PomdpSolver.MaxIbc(fixedPolicy, "fixed-k");
                fixedK = OfflineEvaluator.Evaluate(fixedPoint.Table, ReplayRows.From(fixedPolicy, evaluationRows, tierToModel, cancellationToken));
            }

            return new SuiteReport(
                chosen,
                router,
                OfflineEvaluator.Report(router),
                always,
                threshold,
                thresholdNote,
                BaselineEvaluator.SubCascades(policy, selection, evaluation, cancellationToken),
                BaselineEvaluator.RandomMixing(policy, evaluationRows, tierToModel, 10, cancellationToken),
                frontier)
            {
                FixedK = fixedK,
            };
        }

        /// <summary>
        /// The policy with every adaptive verifier drawing its k samples at once (its observation rows, one per count of
        /// agreeing samples, describe both); null when no verifier is adaptive.
        /// </summary>
        public static PolicyDocument? FixedSampling(PolicyDocument policy)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            var tiers = new TierSpec[policy.Tiers.Count];
            var adaptive = false;
            for (var t = 0; t < tiers.Length; t++)
            {
                var tier = policy.Tiers[t];
                adaptive |= tier.Verifier?.Adaptive is not null;
                tiers[t] = tier.Verifier?.Adaptive is null ? tier : tier with { Verifier = tier.Verifier with { Adaptive = null } };
            }

            return adaptive ? policy with { Tiers = new Collections.EquatableArray<TierSpec>(tiers) } : null;
        }
    }

    /// <summary>
    /// The result of <see cref="EvaluationSuite.Run"/>: the compiled default point, its per-query and averaged
    /// replay, and the baselines. <see cref="ThresholdNote"/> says why there is no threshold baseline (no threshold
    /// has a defined ΔIBC on the selection rows).
    /// </summary>
    public sealed record SuiteReport(
        OperatingPoint Chosen,
        ReplayOutcomes PomdpOutcomes,
        EvaluationReport Pomdp,
        IReadOnlyList<CostQuality> AlwaysTiers,
        ThresholdBaseline? Threshold,
        string? ThresholdNote,
        IReadOnlyList<SubCascadeBaseline> SubCascades,
        IReadOnlyList<MixingPoint> RandomMixing,
        IReadOnlyList<FrontierEvaluation> Frontier)
    {
        /// <summary>For an adaptive policy: the same policy drawing all k samples at once (<see cref="EvaluationSuite.FixedSampling"/>), replayed on the same rows.</summary>
        public EvaluationReport? FixedK { get; init; }
    }
}
