using System;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;

namespace AutoMix.Policies.Solving
{
    /// <summary>
    /// The POMDP of a policy as dense arrays: priors, performance per (state, tier), observation
    /// probabilities per (tier, state, bin) and visit costs. Built once per solve; the recursion reads only this.
    /// </summary>
    internal sealed class SolverModel
    {
        private SolverModel(int tierCount, int stateCount)
        {
            TierCount = tierCount;
            StateCount = stateCount;
            Prior = new double[stateCount];
            Performance = new double[stateCount, tierCount];
            Observation = new double[tierCount][,];
            TierPerformance = new double[tierCount][];
            Likelihood = new double[tierCount][][];
            Bins = new int[tierCount];
            AnswerCost = new double[tierCount];
            VerifierCost = new double[tierCount];
            VisitCost = new double[tierCount];
            Sampling = new AdaptiveSampling?[tierCount];
            ThroughShares = new double[]?[tierCount][];
        }

        public int TierCount { get; }

        public int StateCount { get; }

        public double[] Prior { get; }

        /// <summary>[state, tier]</summary>
        public double[,] Performance { get; }

        /// <summary>
        /// [tier][state, bin]; null for the final tier. For an adaptive tier the columns are its decision points
        /// (see <see cref="AdaptiveSampling"/>) and the value is P(j of n agree | state), as if every earlier point had
        /// drawn on (<see cref="Observation.AdaptiveObservation"/>).
        /// </summary>
        public double[,]?[] Observation { get; }

        /// <summary>
        /// [tier][state]: <see cref="Performance"/> by tier, and [tier][bin][state]: <see cref="Observation"/> by bin.
        /// The same numbers laid out so the solver's inner loops over states read one contiguous row.
        /// </summary>
        public double[][] TierPerformance { get; }

        /// <inheritdoc cref="TierPerformance"/>
        public double[][][] Likelihood { get; }

        /// <summary>Observation columns per tier: bins, or decision points of an adaptive tier.</summary>
        public int[] Bins { get; }

        /// <summary>Per tier, its adaptive sampling schedule (null when it draws every sample at once).</summary>
        public AdaptiveSampling?[] Sampling { get; }

        /// <summary>[tier][point][i]: of an adaptive tier, the share of the next round's point (i more agreeing) reached through this point.</summary>
        public double[]?[]?[] ThroughShares { get; }

        /// <summary>A tier's own cost: what a node that accepts without verifying pays.</summary>
        public double[] AnswerCost { get; }

        /// <summary>A tier's verifier cost (0 for the final tier).</summary>
        public double[] VerifierCost { get; }

        /// <summary>Tier cost plus its verifier cost: what a node that verifies pays.</summary>
        public double[] VisitCost { get; }

        public static SolverModel From(PolicyDocument policy)
        {
            var model = policy.Model ?? throw new InvalidOperationException(
                $"Policy '{policy.PolicyName}' has no 'model' section; the POMDP solver needs one.");
            var tiers = policy.Tiers;
            var states = model.States;
            var result = new SolverModel(tiers.Count, states.Count);
            for (var t = 0; t < tiers.Count; t++)
            {
                var tier = tiers[t];
                result.AnswerCost[t] = tier.Cost;
                result.VerifierCost[t] = tier.Verifier?.Cost ?? 0;
                result.VisitCost[t] = tier.VisitCost;
                if (tier.Verifier is { } verifier)
                {
                    result.Sampling[t] = verifier.Adaptive;
                    result.Bins[t] = verifier.Adaptive?.PointCount ?? verifier.Binning.BinCount;
                    result.Observation[t] = new double[states.Count, result.Bins[t]];
                    if (verifier.Adaptive is { } sampling)
                    {
                        // Rounds are charged as they are drawn (the solver's sequential decisions), not on arrival.
                        result.VisitCost[t] = tier.Cost;
                        result.ThroughShares[t] = AdaptiveObservation.ThroughShares(sampling);
                    }
                }

                result.TierPerformance[t] = new double[states.Count];
                result.Likelihood[t] = new double[result.Bins[t]][];
                for (var b = 0; b < result.Bins[t]; b++)
                {
                    result.Likelihood[t][b] = new double[states.Count];
                }
            }

            for (var s = 0; s < states.Count; s++)
            {
                var state = states[s];
                result.Prior[s] = state.Prior;
                for (var t = 0; t < tiers.Count; t++)
                {
                    result.Performance[s, t] = state.Performance[t];
                    result.TierPerformance[t][s] = state.Performance[t];
                    var table = result.Observation[t];
                    if (table is null)
                    {
                        continue;
                    }

                    var row = PolicyDocument.RowFor(state, tiers[t].Name) ?? throw new InvalidOperationException(
                        $"State '{state.Name}' has no observation row for tier '{tiers[t].Name}'.");
                    if (result.Sampling[t] is { } adaptive)
                    {
                        var likelihood = AdaptiveObservation.CountProbabilities(adaptive, row.Probabilities);
                        for (var point = 0; point < likelihood.Length; point++)
                        {
                            table[s, point] = likelihood[point];
                            result.Likelihood[t][point][s] = likelihood[point];
                        }

                        continue;
                    }

                    for (var b = 0; b < result.Bins[t]; b++)
                    {
                        table[s, b] = row.Probabilities[b];
                        result.Likelihood[t][b][s] = row.Probabilities[b];
                    }
                }
            }

            return result;
        }
    }
}
