using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// The POMDP's hidden states and observation probabilities, normally written by calibration, with where they
    /// came from and (optionally) the operating point calibration chose by cross-validation.
    /// </summary>
    public sealed record ObservationModel(
        EquatableArray<HiddenState> States,
        Provenance? Provenance,
        SourceSpan Span)
    {
        /// <summary>
        /// Bins calibration chose for tiers whose binning was left to it (model.binning), already applied to those
        /// tiers' verifiers by the parser. Empty when every tier keeps its own binning.
        /// </summary>
        public EquatableArray<TierBinning> Binning { get; init; } = EquatableArray<TierBinning>.Empty;

        /// <summary>The cross-validated operating point (model.selection), or null.</summary>
        public RouterSelection? Selection { get; init; }
    }

    /// <summary>A binning chosen for one tier's verifier (model.binning).</summary>
    public sealed record TierBinning(string Tier, ObservationBinning Binning);
}
