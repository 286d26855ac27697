using System.Collections.Generic;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Solving
{
    /// <summary>
    /// Threshold routers as tables, so everything downstream sees one shape. A bin is accepted when its
    /// midpoint is at least the threshold; with a double-threshold band (low, high) it is accepted when its
    /// midpoint is below low (a "hopeless" query the larger model would not fix either) or at least high.
    /// Rejected answers go to the next tier.
    /// </summary>
    public static class ThresholdTables
    {
        /// <summary>The table of a policy whose router is a threshold router.</summary>
        public static PolicyTable Build(PolicyDocument policy) =>
            Build(policy, policy.Router.Threshold, policy.Router.Band);

        /// <summary>The table of the given threshold (or band) on a policy's tiers and binnings.</summary>
        public static PolicyTable Build(PolicyDocument policy, double threshold, ThresholdBand? band = null)
        {
            var tiers = TableTiers.From(policy);
            return PolicyTableBuilder.Build(tiers, (tier, _, slot) => AtSlot(
                policy.Tiers[tier].Verifier!,
                slot,
                midpoint => band is null ? midpoint >= threshold : midpoint < band.Low || midpoint >= band.High,
                TableAction.RouteTo(tier + 1)));
        }

        /// <summary>
        /// A threshold's decision at a node's slot: accept when the bin's midpoint passes, else <paramref name="reject"/>.
        /// An adaptive verifier draws every round first (a threshold has no stopping rule) and then decides on the
        /// count bin after all k samples, like the fixed-k verifier.
        /// </summary>
        private static TableAction AtSlot(VerifierSpec verifier, int slot, System.Func<double, bool> accepts, TableAction reject)
        {
            var bin = slot;
            if (verifier.Adaptive is { } sampling)
            {
                var (round, correct) = sampling.PointAt(slot);
                if (round < sampling.Rounds - 1)
                {
                    return TableAction.Continue;
                }

                bin = correct;
            }

            return accepts(verifier.Binning.Midpoint(bin)) ? TableAction.Accept : reject;
        }

        /// <summary>
        /// The number of decision nodes <see cref="Build(PolicyDocument, double, ThresholdBand?)"/> would create,
        /// counted without building anything; stops counting (and returns a value above it) past <paramref name="limit"/>.
        /// A node at tier t exists for every combination of routed bins at the tiers before it.
        /// </summary>
        public static long CountNodes(PolicyDocument policy, double threshold, ThresholdBand? band, long limit)
        {
            long total = 0;
            long atTier = 1;
            for (var tier = 0; tier < policy.Tiers.Count && atTier > 0; tier++)
            {
                total += atTier;
                if (total > limit)
                {
                    return total;
                }

                if (policy.Tiers[tier].Verifier is not { } verifier)
                {
                    break;
                }

                var routed = 0;
                for (var bin = 0; bin < verifier.Binning.BinCount; bin++)
                {
                    var midpoint = verifier.Binning.Midpoint(bin);
                    var accept = band is null ? midpoint >= threshold : midpoint < band.Low || midpoint >= band.High;
                    routed += accept ? 0 : 1;
                }

                atTier = System.Math.Min(atTier * routed, limit + 1);
            }

            return total;
        }

        /// <summary>
        /// The two-tier sub-cascade <paramref name="from"/> → <paramref name="to"/> of a policy's tiers: start at
        /// <paramref name="from"/>, accept a bin whose midpoint is at least the threshold, else route to
        /// <paramref name="to"/>, which answers unverified. Every other tier is never called.
        /// </summary>
        public static PolicyTable SubCascade(PolicyDocument policy, int from, int to, double threshold)
        {
            if (from < 0 || to <= from || to >= policy.Tiers.Count || policy.Tiers[from].Verifier is null)
            {
                throw new System.ArgumentOutOfRangeException(nameof(to), $"No sub-cascade {from} -> {to}: the first tier must be verified and come before the second.");
            }

            var tiers = TableTiers.From(policy);
            var verifier = policy.Tiers[from].Verifier!;
            return PolicyTableBuilder.Build(
                tiers,
                from,
                (tier, _) => tier == from,
                (_, _, slot) => AtSlot(verifier, slot, midpoint => midpoint >= threshold, TableAction.RouteTo(to)));
        }

        /// <summary>Every distinct threshold of a sub-cascade (one per bin midpoint of its first tier, plus "never accept").</summary>
        public static IReadOnlyList<(double Threshold, PolicyTable Table)> AllSubCascadeThresholds(PolicyDocument policy, int from, int to)
        {
            var tables = new List<(double Threshold, PolicyTable Table)>();
            foreach (var threshold in Candidates(policy.Tiers[from].Verifier!.Binning))
            {
                tables.Add((threshold, SubCascade(policy, from, to, threshold)));
            }

            return tables;
        }

        /// <summary>
        /// Every distinct single-threshold table on a policy: one per bin midpoint of the first verified tier,
        /// plus "never accept" (the same threshold applies to every verified tier).
        /// </summary>
        public static IReadOnlyList<(double Threshold, PolicyTable Table)> AllSingleThresholds(PolicyDocument policy)
        {
            var tables = new List<(double Threshold, PolicyTable Table)>();
            foreach (var threshold in Candidates(policy.Tiers[0].Verifier!.Binning))
            {
                tables.Add((threshold, Build(policy, threshold)));
            }

            return tables;
        }

        /// <summary>"Never accept" is a threshold just above 1.</summary>
        public const double NeverAccept = 1.0 + 1e-9;

        private static SortedSet<double> Candidates(ObservationBinning binning)
        {
            var candidates = new SortedSet<double>();
            for (var bin = 0; bin < binning.BinCount; bin++)
            {
                candidates.Add(binning.Midpoint(bin));
            }

            candidates.Add(NeverAccept);
            return candidates;
        }
    }
}
