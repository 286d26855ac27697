using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// The verifier of a non-final tier, with defaults resolved: <see cref="Samples"/> (k, default 8),
    /// <see cref="Temperature"/> (default 1.0), <see cref="Cost"/> (default: the tier's own cost) and
    /// the <see cref="Binning"/> of its confidence (default k+1 equal bins, 9 for logprob).
    /// A sampled verifier may be <see cref="Adaptive"/>: its samples are then drawn in rounds and the table decides
    /// after each; its binning is one bin per count of agreeing samples (k+1), so its observation rows are the
    /// distribution of that count after all k samples.
    /// </summary>
    public sealed record VerifierSpec(
        VerifierMethod Method,
        int Samples,
        double Temperature,
        double Cost,
        ObservationBinning Binning,
        SourceSpan Span)
    {
        /// <summary>Round-based sampling (adaptive verification); null when all k samples are drawn at once.</summary>
        public AdaptiveSampling? Adaptive { get; init; }

        /// <summary>What a visit pays for verification at most: all k samples (every round, when adaptive).</summary>
        public double MaxCost => Adaptive?.MaxCost ?? Cost;
    }
}
