using AutoMix.Policies.Tables;

namespace AutoMix;

/// <summary>
/// One round of an adaptive verifier (<see cref="Policies.Model.AdaptiveSampling"/>): how many samples had been drawn
/// after it, how many of them agreed with the answer, and what the table decided there (accept, route on, or
/// <see cref="TableAction.Continue"/>: draw another round).
/// </summary>
/// <param name="Round">0-based round number.</param>
/// <param name="Samples">Samples drawn so far, this round included.</param>
/// <param name="Agreeing">Samples so far read as agreeing ("correct" verdicts, or answers equal to the tier's).</param>
/// <param name="Decision">The table's decision at this point.</param>
public sealed record VerifierRound(int Round, int Samples, int Agreeing, TableAction Decision);
