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
    /// The whole offline comparison of a calibrated POMDP policy in one call, shared by the CLI and the tests:
    /// the router's operating point (its objective applied to the λ-frontier under the model) replayed on the
    /// evaluation rows, against always-each-tier, the best threshold chosen on the selection rows, random
    /// mixing, and every frontier policy.
    /// </summary>
    public static class EvaluationSuite
    {
        public static SuiteReport Run(
            PolicyDocument calibratedPolicy,
            IReadOnlyList<RecordedQuery> selectionRows,
            IReadOnlyList<RecordedQuery> evaluationRows,
            IReadOnlyDictionary<string, string> tierToModel,
            CancellationToken cancellationToken = default)
        {
            if (calibratedPolicy is null)
            {
                throw new ArgumentNullException(nameof(calibratedPolicy));
            }

            if (calibratedPolicy.Model is null)
            {
                throw new ArgumentException($"Policy '{calibratedPolicy.PolicyName}' has no model; calibrate it first.", nameof(calibratedPolicy));
            }

            var frontier = PomdpSolver.Frontier(calibratedPolicy);
            cancellationToken.ThrowIfCancellationRequested();
            var chosen = OperatingPointSelector.Select(PolicyCompiler.DefaultOperatingPointName, calibratedPolicy, calibratedPolicy.Router.Objective, frontier, out var infeasible);
            var pomdp = OfflineEvaluator.Evaluate(chosen.Table, calibratedPolicy, evaluationRows, tierToModel, cancellationToken);
            var always = new List<CostQuality>();
            for (var tier = 0; tier < calibratedPolicy.Tiers.Count; tier++)
            {
                always.Add(BaselineEvaluator.AlwaysTier(calibratedPolicy, evaluationRows, tierToModel, tier, cancellationToken));
            }

            return new SuiteReport(
                chosen,
                infeasible,
                pomdp,
                always,
                BaselineEvaluator.BestThreshold(calibratedPolicy, selectionRows, evaluationRows, tierToModel, cancellationToken),
                BaselineEvaluator.RandomMixing(calibratedPolicy, evaluationRows, tierToModel, 10, cancellationToken),
                BaselineEvaluator.Frontier(calibratedPolicy, frontier, evaluationRows, tierToModel, cancellationToken));
        }
    }

    /// <summary>
    /// The result of <see cref="EvaluationSuite.Run"/>. <see cref="ObjectiveInfeasible"/>: a cost-limit objective
    /// could not be met under the model and the cheapest frontier policy was used.
    /// </summary>
    public sealed record SuiteReport(
        OperatingPoint Chosen,
        bool ObjectiveInfeasible,
        EvaluationReport Pomdp,
        IReadOnlyList<CostQuality> AlwaysTiers,
        ThresholdBaseline Threshold,
        IReadOnlyList<MixingPoint> RandomMixing,
        IReadOnlyList<FrontierEvaluation> Frontier);
}
