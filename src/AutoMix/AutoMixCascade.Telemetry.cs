using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace AutoMix;

public partial class AutoMixCascade
{
    private Activity? StartCascadeActivity(CompiledTable table)
    {
        var activity = AutoMixTelemetry.Source.StartActivity(AutoMixTelemetry.CascadeActivityName, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(AutoMixTelemetry.OperationNameAttribute, AutoMixTelemetry.ChatOperation);
        activity.SetTag(AutoMixTelemetry.SystemAttribute, "automix");
        activity.SetTag(AutoMixTelemetry.CascadeAttribute, Definition.Name);
        activity.SetTag(AutoMixTelemetry.OperatingPointAttribute, table.Name);
        return activity;
    }

    /// <summary>A tier span, parented explicitly to the cascade span (async iterators do not keep Activity.Current across yields).</summary>
    private Activity? StartTierActivity(CascadeRun run, int tierIndex)
    {
        var parent = run.Activity?.Context ?? default;
        var activity = AutoMixTelemetry.Source.StartActivity(AutoMixTelemetry.TierActivityName, ActivityKind.Client, parent);
        if (activity is null)
        {
            return null;
        }

        var tier = Definition.Tiers[tierIndex];
        activity.DisplayName = "chat " + tier.Model;
        activity.SetTag(AutoMixTelemetry.OperationNameAttribute, AutoMixTelemetry.ChatOperation);
        activity.SetTag(AutoMixTelemetry.RequestModelAttribute, tier.Model);
        activity.SetTag(AutoMixTelemetry.SystemAttribute, _providers[tierIndex] ?? "unknown");
        activity.SetTag(AutoMixTelemetry.TierAttribute, tier.Name);
        return activity;
    }

    /// <summary>Adds a step to the run's ledger and reports it (span tags, cost counter, confidence histogram).</summary>
    private void Record(CascadeRun run, CascadeStep step, UsageDetails? usage, Activity? activity, string model)
    {
        run.Add(step, usage);
        var tierTag = new KeyValuePair<string, object?>(AutoMixTelemetry.TierAttribute, step.TierName);
        var cascadeTag = new KeyValuePair<string, object?>(AutoMixTelemetry.CascadeAttribute, Definition.Name);
        // GenAI semantic conventions: the tier's model, so cost dashboards group by model as gen_ai.* metrics do.
        var modelTag = new KeyValuePair<string, object?>(AutoMixTelemetry.RequestModelAttribute, Definition.Tiers[step.TierIndex].Model);
        AutoMixTelemetry.Cost.Add(step.Cost, tierTag, cascadeTag, modelTag);
        if (step.Confidence is { } confidence)
        {
            AutoMixTelemetry.Confidence.Record(confidence, tierTag, cascadeTag, modelTag);
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag(AutoMixTelemetry.ResponseModelAttribute, model);
        activity.SetTag(AutoMixTelemetry.InputTokensAttribute, step.InputTokens);
        activity.SetTag(AutoMixTelemetry.OutputTokensAttribute, step.OutputTokens);
        activity.SetTag(AutoMixTelemetry.CostAttribute, step.Cost);
        activity.SetTag(AutoMixTelemetry.ActionAttribute, ActionName(step));
        if (step.Confidence is { } c)
        {
            activity.SetTag(AutoMixTelemetry.ConfidenceAttribute, c);
        }

        if (step.Bin is { } bin)
        {
            activity.SetTag(AutoMixTelemetry.BinAttribute, bin);
        }

        if (step.Rounds.Count > 0)
        {
            activity.SetTag(AutoMixTelemetry.VerifierRoundsAttribute, step.Rounds.Count);
            activity.SetTag(AutoMixTelemetry.VerifierSamplesAttribute, step.Samples.Count);
        }

        if (step.Error is { } error)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }
    }

    private static string ActionName(CascadeStep step) => step.Outcome switch
    {
        CascadeStepOutcome.Accepted => "accept",
        CascadeStepOutcome.Routed => "route:" + step.NextTier,
        CascadeStepOutcome.Answered => "answer",
        CascadeStepOutcome.AcceptedUnverified => "accept_unverified",
        CascadeStepOutcome.FailedEscalated => "escalate:" + step.NextTier,
        _ => "fail",
    };

    private void CountEscalation(int fromTier, int toTier, string reason)
    {
        AutoMixTelemetry.Escalations.Add(
            1,
            new KeyValuePair<string, object?>(AutoMixTelemetry.CascadeAttribute, Definition.Name),
            new KeyValuePair<string, object?>(AutoMixTelemetry.FromTierAttribute, Definition.Tiers[fromTier].Name),
            new KeyValuePair<string, object?>(AutoMixTelemetry.ToTierAttribute, Definition.Tiers[toTier].Name),
            new KeyValuePair<string, object?>(AutoMixTelemetry.ReasonAttribute, reason));
    }

    private void CountQuery(CascadeRun run, string? answeringTier)
    {
        AutoMixTelemetry.Queries.Add(
            1,
            new KeyValuePair<string, object?>(AutoMixTelemetry.CascadeAttribute, Definition.Name),
            new KeyValuePair<string, object?>(AutoMixTelemetry.OperatingPointAttribute, run.Table.Name),
            new KeyValuePair<string, object?>(AutoMixTelemetry.AnsweringTierAttribute, answeringTier ?? "none"));
    }

    private static void MarkFailed(Activity? activity, Exception ex)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, ex.Message);
        activity.SetTag("error.type", ex.GetType().FullName);
    }
}
