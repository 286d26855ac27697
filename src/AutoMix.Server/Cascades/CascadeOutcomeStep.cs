using System;

namespace AutoMix.Server.Cascades
{
    /// <summary>One tier visit as reported in the "automix.steps" response field.</summary>
    internal sealed record CascadeOutcomeStep(
        int TierIndex,
        string TierName,
        string Model,
        string Outcome,
        double? Confidence,
        int? Bin,
        int VerifierSamples,
        int? NextTier,
        long InputTokens,
        long OutputTokens,
        double Cost,
        TimeSpan WallTime,
        string? Error)
    {
        /// <summary>Sequential verifier rounds of the visit: the rounds of an adaptive verifier, else 1 when it verified.</summary>
        public int VerifierRounds { get; init; }
    }
}
