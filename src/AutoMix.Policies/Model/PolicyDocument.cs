using System.Linq;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>A parsed, validated policy (policy language v1; see docs/policy-language.md).</summary>
    public sealed record PolicyDocument(
        int SchemaVersion,
        string PolicyName,
        string? Namespace,
        string? Description,
        EquatableArray<TierSpec> Tiers,
        RouterSpec Router,
        ObservationModel? Model,
        BudgetSpec? Budget,
        SourceSpan PolicyNameSpan)
    {
        /// <summary>
        /// Names of the verified tiers whose bins neither the tier nor the policy's top-level <c>observations</c>
        /// set: calibration may choose them (model.binning); an explicit binning is always kept.
        /// </summary>
        public EquatableArray<string> DefaultBinningTiers { get; init; } = EquatableArray<string>.Empty;

        /// <summary>Whether calibration may choose a tier's bins.</summary>
        public bool HasDefaultBinning(string tierName)
        {
            foreach (var name in DefaultBinningTiers)
            {
                if (string.Equals(name, tierName, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Index of a tier by name, or -1.</summary>
        public int IndexOfTier(string name)
        {
            for (var i = 0; i < Tiers.Count; i++)
            {
                if (string.Equals(Tiers[i].Name, name, System.StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Observation row of a state for the tier named <paramref name="tierName"/>, or null.</summary>
        public static ObservationRow? RowFor(HiddenState state, string tierName) =>
            state.Observations.FirstOrDefault(r => string.Equals(r.Tier, tierName, System.StringComparison.Ordinal));
    }
}
