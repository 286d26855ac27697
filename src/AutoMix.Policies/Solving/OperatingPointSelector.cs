using System;
using System.Collections.Generic;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Solving
{
    /// <summary>Picks the policy an objective asks for: a fixed λ, a cost limit, or the best ΔIBC under the model.</summary>
    public static class OperatingPointSelector
    {
        /// <summary>
        /// The selected policy. <paramref name="infeasible"/> is set when a cost limit cannot be met (the
        /// cheapest frontier policy is returned then).
        /// </summary>
        public static OperatingPoint Select(
            string name,
            PolicyDocument policy,
            ObjectiveSpec objective,
            IReadOnlyList<FrontierPoint> frontier,
            out bool infeasible)
        {
            infeasible = false;
            switch (objective.Kind)
            {
                case ObjectiveKind.Lambda:
                    var table = PomdpSolver.Solve(policy, objective.Value);
                    return new OperatingPoint(name, objective.Value, table, PolicyEvaluator.Evaluate(table, policy));

                case ObjectiveKind.MaxExpectedCost:
                    FrontierPoint? affordable = null;
                    foreach (var point in frontier)
                    {
                        if (point.Metrics.ExpectedCost <= objective.Value + 1e-9
                            && (affordable is null || point.Metrics.ExpectedPerformance > affordable.Metrics.ExpectedPerformance))
                        {
                            affordable = point;
                        }
                    }

                    if (affordable is null)
                    {
                        infeasible = true;
                        affordable = frontier[frontier.Count - 1];
                    }

                    return ToOperatingPoint(name, affordable);

                case ObjectiveKind.MaxIbc:
                    return MaxIbc(name, policy);

                default:
                    throw new ArgumentOutOfRangeException(nameof(objective), objective.Kind, "Unknown objective.");
            }
        }

        /// <summary>
        /// The max-IBC operating point: the one calibration chose by cross-validation (model.selection) when the
        /// model records it, else the largest IBC under the model (<see cref="PomdpSolver.MaxIbc"/>).
        /// </summary>
        public static OperatingPoint MaxIbc(string name, PolicyDocument policy)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            switch (policy.Model?.Selection)
            {
                case { Kind: RouterSelectionKind.Pomdp } selection:
                    var table = PomdpSolver.Solve(policy, selection.Value);
                    return new OperatingPoint(name, selection.Value, table, PolicyEvaluator.Evaluate(table, policy));
                case { Kind: RouterSelectionKind.Threshold } selection:
                    var thresholdTable = ThresholdTables.Build(policy, selection.Value);
                    return new OperatingPoint(name, null, thresholdTable, PolicyEvaluator.Evaluate(thresholdTable, policy));
                default:
                    return PomdpSolver.MaxIbc(policy, name);
            }
        }

        /// <summary>
        /// The frontier policy with the largest IBC against always-small, under the model. When none gains
        /// over always-small (or always-large is no better than always-small) the cheapest policy is chosen.
        /// </summary>
        public static FrontierPoint MaxIbc(PolicyDocument policy, IReadOnlyList<FrontierPoint> frontier)
        {
            var (smallPerformance, smallCost) = AlwaysTier(policy, 0);
            var best = frontier[frontier.Count - 1];
            var bestIbc = double.NegativeInfinity;
            foreach (var point in frontier)
            {
                var ibc = IncrementalBenefitPerCost.Of(point.Metrics.ExpectedPerformance, point.Metrics.ExpectedCost, smallPerformance, smallCost);
                if (!double.IsNaN(ibc) && point.Metrics.ExpectedCost > smallCost && ibc > bestIbc + 1e-12)
                {
                    best = point;
                    bestIbc = ibc;
                }
            }

            return bestIbc > 0 ? best : frontier[frontier.Count - 1];
        }

        /// <summary>Expected performance and cost of always answering with one tier, unverified, under the model.</summary>
        public static (double Performance, double Cost) AlwaysTier(PolicyDocument policy, int tier)
        {
            var performance = 0.0;
            foreach (var state in policy.Model!.States)
            {
                performance += state.Prior * state.Performance[tier];
            }

            return (performance, policy.Tiers[tier].Cost);
        }

        private static OperatingPoint ToOperatingPoint(string name, FrontierPoint point) =>
            new OperatingPoint(name, double.IsInfinity(point.LambdaHigh) ? point.LambdaLow : (point.LambdaLow + point.LambdaHigh) / 2, point.Table, point.Metrics);
    }
}
