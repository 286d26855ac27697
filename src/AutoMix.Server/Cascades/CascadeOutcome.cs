using System;
using System.Collections.Generic;
using AutoMix.Server.Errors;
using AutoMix.Server.Protocol;

namespace AutoMix.Server.Cascades
{
    /// <summary>
    /// What the server reports about one cascade run (headers and the "automix" response field), read from the
    /// runtime's <see cref="CascadeTrace"/>.
    /// </summary>
    internal sealed record CascadeOutcome(
        string Policy,
        string OperatingPoint,
        string? TierName,
        int TierIndex,
        double? Confidence,
        int? Bin,
        double Cost,
        int Escalations,
        TokenUsage Usage,
        IReadOnlyList<CascadeOutcomeStep> Steps)
    {
        public static CascadeOutcome FromTrace(string policy, CascadeTrace trace)
        {
            var steps = new CascadeOutcomeStep[trace.Steps.Count];
            CascadeStep? answering = null;
            for (var i = 0; i < steps.Length; i++)
            {
                var step = trace.Steps[i];
                steps[i] = new CascadeOutcomeStep(
                    step.TierIndex,
                    step.TierName,
                    step.Model,
                    OutcomeName(step.Outcome),
                    step.Confidence,
                    step.Bin,
                    step.Samples.Count,
                    step.NextTier,
                    step.InputTokens,
                    step.OutputTokens,
                    step.Cost,
                    step.WallTime,
                    // A stable code, never the upstream's message (see TierFailureCodes).
                    step.Error is null ? null : TierFailureCodes.Of(step.Error))
                {
                    VerifierRounds = step.Rounds.Count > 0 ? step.Rounds.Count : step.Confidence is null ? 0 : 1,
                };
                if (step.TierIndex == trace.AnsweringTier && step.Outcome is CascadeStepOutcome.Accepted or CascadeStepOutcome.AcceptedUnverified or CascadeStepOutcome.Answered)
                {
                    answering = step;
                }
            }

            return new CascadeOutcome(
                policy,
                trace.OperatingPoint,
                trace.AnsweringTierName,
                trace.AnsweringTier,
                answering?.Confidence,
                answering?.Bin,
                trace.TotalCost,
                trace.Escalations,
                new TokenUsage(trace.InputTokens, trace.OutputTokens),
                steps);
        }

        private static string OutcomeName(CascadeStepOutcome outcome) => outcome switch
        {
            CascadeStepOutcome.Accepted => "accepted",
            CascadeStepOutcome.Routed => "routed",
            CascadeStepOutcome.Answered => "answered",
            CascadeStepOutcome.AcceptedUnverified => "accepted_unverified",
            CascadeStepOutcome.FailedEscalated => "failed_escalated",
            CascadeStepOutcome.Failed => "failed",
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown cascade step outcome."),
        };
    }
}
