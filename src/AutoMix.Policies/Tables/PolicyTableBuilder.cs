using System.Collections.Generic;
using AutoMix.Policies.Collections;

namespace AutoMix.Policies.Tables
{
    /// <summary>
    /// Builds a <see cref="PolicyTable"/> from decision functions over (tier, history), visiting nodes
    /// breadth-first so node numbering is deterministic.
    /// </summary>
    public static class PolicyTableBuilder
    {
        /// <summary>
        /// Chooses the action at a tier, given the (tier, bin) history before it and its observed bin (for an adaptive
        /// tier: the decision point, see <see cref="Model.AdaptiveSampling"/>).
        /// </summary>
        public delegate TableAction Decide(int tier, IReadOnlyList<(int Tier, int Bin)> history, int bin);

        /// <summary>Whether the node at a tier (after a history) calls the verifier; false accepts the answer unverified.</summary>
        public delegate bool DecideVerify(int tier, IReadOnlyList<(int Tier, int Bin)> history);

        /// <summary>A table starting at the first tier that verifies on every verified tier.</summary>
        public static PolicyTable Build(IReadOnlyList<TableTier> tiers, Decide decide) =>
            Build(tiers, 0, (tier, _) => tiers[tier].IsVerified, decide);

        /// <summary>A table starting at <paramref name="startTier"/>; <paramref name="verify"/> says which nodes call the verifier.</summary>
        public static PolicyTable Build(IReadOnlyList<TableTier> tiers, int startTier, DecideVerify verify, Decide decide)
        {
            if (startTier < 0 || startTier >= tiers.Count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(startTier), startTier, $"The table has {tiers.Count} tiers.");
            }

            var nodeTier = new List<int>();
            var firstSlot = new List<int>();
            var slots = new List<int>();
            var histories = new List<List<(int Tier, int Bin)>>();

            nodeTier.Add(startTier);
            histories.Add(new List<(int Tier, int Bin)>());
            for (var node = 0; node < nodeTier.Count; node++)
            {
                var tier = nodeTier[node];
                firstSlot.Add(slots.Count);
                if (!tiers[tier].IsVerified || !verify(tier, histories[node]))
                {
                    continue;
                }

                // One slot per bin, or per decision point (round, correct so far) of an adaptive tier.
                var bins = tiers[tier].SlotsPerNode;
                var sampling = tiers[tier].Sampling;
                for (var bin = 0; bin < bins; bin++)
                {
                    var action = decide(tier, histories[node], bin);
                    if (action.IsAccept)
                    {
                        slots.Add(PolicyTable.AcceptSlot);
                        continue;
                    }

                    if (action.IsContinue)
                    {
                        if (sampling is null || !sampling.CanContinue(bin))
                        {
                            throw new System.InvalidOperationException($"Tier {tier} cannot draw another round at slot {bin}.");
                        }

                        slots.Add(PolicyTable.ContinueSlot);
                        continue;
                    }

                    if (action.TargetTier <= tier || action.TargetTier >= tiers.Count)
                    {
                        throw new System.InvalidOperationException($"Tier {tier} cannot route to tier {action.TargetTier}.");
                    }

                    var history = new List<(int Tier, int Bin)>(histories[node]) { (tier, bin) };
                    slots.Add(nodeTier.Count);
                    nodeTier.Add(action.TargetTier);
                    histories.Add(history);
                }
            }

            return new PolicyTable(
                new EquatableArray<TableTier>(new List<TableTier>(tiers).ToArray()),
                new EquatableArray<int>(nodeTier.ToArray()),
                new EquatableArray<int>(firstSlot.ToArray()),
                new EquatableArray<int>(slots.ToArray()));
        }
    }
}
