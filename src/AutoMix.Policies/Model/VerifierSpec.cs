using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// The verifier of a non-final tier, with defaults resolved: <see cref="Samples"/> (k, default 8),
    /// <see cref="Temperature"/> (default 1.0), <see cref="Cost"/> (default: the tier's own cost) and
    /// the <see cref="Binning"/> of its confidence (default k+1 equal bins, 9 for logprob).
    /// </summary>
    public sealed record VerifierSpec(
        VerifierMethod Method,
        int Samples,
        double Temperature,
        double Cost,
        ObservationBinning Binning,
        SourceSpan Span);
}
