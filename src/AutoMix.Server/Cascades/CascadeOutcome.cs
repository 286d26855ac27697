using System;
using System.Collections.Generic;
using AutoMix.Server.Configuration;
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
        /// <summary>
        /// The outcome of one run of <paramref name="policy"/>. Each step names its tier's model as the policy
        /// configures it (as /v1/models lists it), whatever happened at that tier; the model id the backend reported
        /// goes beside it as <see cref="CascadeOutcomeStep.BackendModel"/>, when a response arrived.
        /// </summary>
        public static CascadeOutcome FromTrace(ServedPolicy policy, CascadeTrace trace)
        {
            var tiers = policy.Definition.Tiers;
            var steps = new CascadeOutcomeStep[trace.Steps.Count];
            CascadeStep? answering = null;
            for (var i = 0; i < steps.Length; i++)
            {
                var step = trace.Steps[i];
                steps[i] = new CascadeOutcomeStep(
                    step.TierIndex,
                    step.TierName,
                    step.TierIndex < tiers.Count ? tiers[step.TierIndex].Model : step.Model,
                    // The runtime records the response's model id, or the configured one when no response arrived
                    // (then the step has no answer text): only the former is what the backend said.
                    step.Answer is null ? null : step.Model,
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
                policy.Name,
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
