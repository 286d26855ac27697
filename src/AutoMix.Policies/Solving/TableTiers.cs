using System.Collections.Generic;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Solving
{
    /// <summary>The table's view of a policy's tiers.</summary>
    public static class TableTiers
    {
        public static IReadOnlyList<TableTier> From(PolicyDocument policy)
        {
            var tiers = new TableTier[policy.Tiers.Count];
            for (var i = 0; i < tiers.Length; i++)
            {
                var tier = policy.Tiers[i];
                tiers[i] = new TableTier(tier.Name, tier.Model, tier.Cost, tier.Verifier?.MaxCost ?? 0, tier.Verifier?.Binning.BinCount ?? 0)
                {
                    Sampling = tier.Verifier?.Adaptive,
                };
            }

            return tiers;
        }
    }
}
