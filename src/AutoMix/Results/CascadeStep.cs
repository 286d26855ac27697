using System;
using System.Collections.Generic;
using AutoMix.Policies.Tables;

namespace AutoMix;

/// <summary>
/// One tier visit of a cascade run.
/// </summary>
/// <param name="TierIndex">Index of the tier in the cascade.</param>
/// <param name="TierName">Name of the tier.</param>
/// <param name="Model">The response's model id, or the tier's configured model when the backend reports none.</param>
/// <param name="Node">The table node the visit ran at (-1: the final tier reached by escalation without a node).</param>
/// <param name="Answer">The tier's answer text (null when the answer call failed).</param>
/// <param name="Samples">Verifier samples (empty when the visit did not verify: the final tier, a tier accepted unverified, or verification did not complete).</param>
/// <param name="Confidence">Verifier confidence in [0, 1] (null when not verified).</param>
/// <param name="UnparseableCount">Verifier samples that could not be read as a verdict.</param>
/// <param name="Bin">Observation bin of the confidence (null when not verified); for an adaptive verifier the decision point of its last round.</param>
/// <param name="Action">The table's decision at (node, bin); <c>Accept</c> for a tier accepted unverified; null for the final tier and failed visits.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="NextTier">The tier visited next (null when this step ended the run).</param>
/// <param name="InputTokens">Input tokens of every call of this visit (answer and verifier) as reported by the backends.</param>
/// <param name="OutputTokens">Output tokens of every call of this visit.</param>
/// <param name="Cost">Cost charged for this visit: the tier's cost once its answer call was issued, plus the verifier's cost once verification calls were issued.</param>
/// <param name="WallTime">Elapsed time of the visit.</param>
/// <param name="Error">The failure of this visit, if any.</param>
public sealed record CascadeStep(
    int TierIndex,
    string TierName,
    string Model,
    int Node,
    string? Answer,
    IReadOnlyList<VerifierSample> Samples,
    double? Confidence,
    int UnparseableCount,
    int? Bin,
    TableAction? Action,
    CascadeStepOutcome Outcome,
    int? NextTier,
    long InputTokens,
    long OutputTokens,
    double Cost,
    TimeSpan WallTime,
    Exception? Error)
{
    /// <summary>
    /// The rounds of an adaptive verifier, in order, each with the table's decision (empty when the visit did not
    /// verify adaptively). <see cref="Samples"/> holds every round's samples; <see cref="Bin"/> is the decision point
    /// of the last round.
    /// </summary>
    public IReadOnlyList<VerifierRound> Rounds { get; init; } = System.Array.Empty<VerifierRound>();

    /// <summary>Readable: tier and model, verifier confidence and samples, bin, the table's decision, cost and time.</summary>
    public override string ToString() => TraceText.Step(this);
}
