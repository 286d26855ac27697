using System;
using System.Collections.Generic;

namespace AutoMix;

/// <summary>Runtime settings of an <see cref="AutoMixCascade"/>.</summary>
public sealed class AutoMixCascadeOptions
{
    /// <summary>Builds task and verifier prompts and reads verdicts. Derive from <see cref="CascadePrompts"/> to customise.</summary>
    public CascadePrompts Prompts { get; set; } = CascadePrompts.Default;

    /// <summary>Time limit of one tier visit (answer plus verification) unless <see cref="TierTimeouts"/> names the tier. Null: no limit.</summary>
    public TimeSpan? TierTimeout { get; set; }

    /// <summary>Per-tier time limits by tier name (ordinal), overriding <see cref="TierTimeout"/>.</summary>
    public IDictionary<string, TimeSpan> TierTimeouts { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>What a failure of a non-final tier does (default: escalate).</summary>
    public TierFailureMode TierFailureMode { get; set; } = TierFailureMode.EscalateToNextTier;

    /// <summary>
    /// Ask for all k verifier samples in one request with <c>ChatOptions.AdditionalProperties["n"] = k</c> and use
    /// every message the backend returns; samples it did not return are drawn with single requests.
    /// Off by default: not every backend honours "n".
    /// </summary>
    public bool UseMultiChoiceRequests { get; set; }

    /// <summary>
    /// Name each verifier sample with <see cref="AutoMixRequestProperties.SampleIndex"/>, so a seeded backend (a replay of
    /// recorded runs) returns the same sample whatever order concurrent calls arrive in. Off by default: it costs one
    /// <see cref="Microsoft.Extensions.AI.ChatOptions"/> copy per sample on the verifier path, which real backends do not need.
    /// Tiers whose pipeline contains a response cache (<c>UseDistributedCache</c>, any <c>CachingChatClient</c>) name
    /// their samples anyway, so each sample is its own cache entry instead of k samples sharing one cached answer.
    /// </summary>
    public bool NameVerifierSamples { get; set; }

    /// <summary>
    /// Put each tier's <see cref="CascadeTier.Model"/> into <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> of
    /// its requests, so one backend (one endpoint or router) can serve several tiers. Off by default: each tier
    /// client uses its own default model. Either way a caller's ModelId is never forwarded, because the cascade
    /// chooses the model of every tier.
    /// </summary>
    public bool SendTierModelId { get; set; }

    /// <summary>Clock for timeouts and wall times (tests pass a fake).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal TimeSpan? TimeoutFor(string tier) =>
        TierTimeouts.TryGetValue(tier, out var timeout) ? timeout : TierTimeout;
}
