using System;

namespace AutoMix.Server.Cascades
{
    /// <summary>One tier visit as reported in the "automix.steps" response field.</summary>
    /// <param name="Model">The tier's model as the policy configures it (the name /v1/models lists), on every step.</param>
    /// <param name="BackendModel">
    /// The model id of the tier's response (the configured model when the backend named none); null when no response
    /// arrived, as for a step that failed before its answer.
    /// </param>
    internal sealed record CascadeOutcomeStep(
        int TierIndex,
        string TierName,
        string Model,
        string? BackendModel,
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
