using System.Collections.Generic;

namespace AutoMix;

/// <summary>
/// The full record of one cascade run: every visited tier in order, totals, and which tier answered.
/// </summary>
/// <param name="CascadeName">The cascade's name.</param>
/// <param name="OperatingPoint">The operating point whose table decided ("default" unless chosen per call).</param>
/// <param name="Steps">Visited tiers, in order.</param>
/// <param name="AnsweringTier">Index of the tier whose answer was returned (-1 when the run failed).</param>
/// <param name="AnsweringTierName">Name of that tier (null when the run failed).</param>
/// <param name="TotalCost">Sum of the steps' costs: each visit charged exactly once.</param>
/// <param name="InputTokens">Input tokens over every call of the run.</param>
/// <param name="OutputTokens">Output tokens over every call of the run.</param>
public sealed record CascadeTrace(
    string CascadeName,
    string OperatingPoint,
    IReadOnlyList<CascadeStep> Steps,
    int AnsweringTier,
    string? AnsweringTierName,
    double TotalCost,
    long InputTokens,
    long OutputTokens)
{
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>How many times the query moved to a later tier (routes and failure escalations).</summary>
    public int Escalations
    {
        get
        {
            var count = 0;
            foreach (var step in Steps)
            {
                if (step.Outcome is CascadeStepOutcome.Routed or CascadeStepOutcome.FailedEscalated)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Readable: the run's outcome and totals, then one line per visited tier (see <see cref="CascadeStep.ToString"/>).</summary>
    public override string ToString() => TraceText.Trace(this);
}
