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
        string? Error);
}
