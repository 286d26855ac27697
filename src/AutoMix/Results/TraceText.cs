using System;
using System.Globalization;
using System.Text;

namespace AutoMix;

/// <summary>
/// The readable rendering of <see cref="CascadeTrace"/> and <see cref="CascadeStep"/> (their <c>ToString()</c>):
/// the tiers visited, what each verifier saw, the bin, the table's decision and the cost, one line per visit.
/// </summary>
internal static class TraceText
{
    public static string Trace(CascadeTrace trace)
    {
        var text = new StringBuilder();
        text.Append(trace.CascadeName).Append(" (operating point ").Append(trace.OperatingPoint).Append("): ");
        text.Append(trace.AnsweringTierName is { } answering ? "answered by " + answering : "failed");
        text.Append(", ").Append(Count(trace.Steps.Count, "tier")).Append(" visited, cost ").Append(Number(trace.TotalCost));
        text.Append(", tokens ").Append(Number(trace.InputTokens)).Append(" in / ").Append(Number(trace.OutputTokens)).Append(" out");
        for (var i = 0; i < trace.Steps.Count; i++)
        {
            var next = i + 1 < trace.Steps.Count ? trace.Steps[i + 1].TierName : null;
            text.Append('\n').Append("  ").Append(Number(i + 1)).Append(". ").Append(Step(trace.Steps[i], next));
        }

        return text.ToString();
    }

    /// <param name="step">The visit.</param>
    /// <param name="nextTierName">The name of the tier visited next, when known (a step alone knows only its index).</param>
    public static string Step(CascadeStep step, string? nextTierName = null)
    {
        var next = nextTierName ?? "tier " + Number(step.NextTier ?? -1);
        var text = new StringBuilder();
        text.Append(step.TierName).Append(" (").Append(step.Model).Append("): ");
        if (step.Confidence is { } confidence)
        {
            text.Append("confidence ").Append(confidence.ToString("0.###", CultureInfo.InvariantCulture));
            if (step.Samples.Count > 0)
            {
                text.Append(" (").Append(Verdicts(step)).Append(')');
            }

            if (step.Rounds.Count > 0)
            {
                // Adaptive: what each round saw and decided ("rounds 0/2 draw more, 2/4 accept").
                text.Append(", rounds");
                for (var i = 0; i < step.Rounds.Count; i++)
                {
                    var round = step.Rounds[i];
                    text.Append(i == 0 ? " " : ", ").Append(Number(round.Agreeing)).Append('/').Append(Number(round.Samples)).Append(' ')
                        .Append(round.Decision.IsContinue ? "draw more" : round.Decision.IsAccept ? "accept" : "route");
                }
            }
            else if (step.Bin is { } bin)
            {
                text.Append(", bin ").Append(Number(bin));
            }

            text.Append(", ");
        }

        text.Append(step.Outcome switch
        {
            CascadeStepOutcome.Accepted => "accepted",
            CascadeStepOutcome.Routed => "routed to " + next,
            CascadeStepOutcome.Answered => "answered",
            CascadeStepOutcome.FailedEscalated => "failed, escalated to " + next,
            CascadeStepOutcome.Failed => "failed",
            _ => step.Outcome.ToString(),
        });
        text.Append("; cost ").Append(Number(step.Cost));
        text.Append(", ").Append(Number((long)Math.Round(step.WallTime.TotalMilliseconds))).Append(" ms");
        if (step.Error is { } error)
        {
            text.Append("; error ").Append(error.GetType().Name).Append(": ").Append(error.Message);
        }

        return text.ToString();
    }

    /// <summary>"3 correct, 1 incorrect of 4 samples": what the verifier's samples were read as.</summary>
    private static string Verdicts(CascadeStep step)
    {
        int correct = 0, incorrect = 0;
        foreach (var sample in step.Samples)
        {
            if (sample.Verdict == true)
            {
                correct++;
            }
            else if (sample.Verdict == false)
            {
                incorrect++;
            }
        }

        var text = Number(correct) + " correct, " + Number(incorrect) + " incorrect";
        if (step.UnparseableCount > 0)
        {
            text += ", " + Number(step.UnparseableCount) + " unreadable";
        }

        return text + " of " + Count(step.Samples.Count, "sample");
    }

    private static string Count(int count, string noun) => Number(count) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
