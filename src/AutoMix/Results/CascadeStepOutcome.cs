namespace AutoMix;

/// <summary>What happened at one visited tier.</summary>
public enum CascadeStepOutcome
{
    /// <summary>The table accepted this verified tier's answer.</summary>
    Accepted,

    /// <summary>The table routed the query to a later tier (see <see cref="CascadeStep.NextTier"/>).</summary>
    Routed,

    /// <summary>The final tier answered; its answer is always accepted.</summary>
    Answered,

    /// <summary>The tier failed (exception or timeout) and the cascade escalated to <see cref="CascadeStep.NextTier"/>.</summary>
    FailedEscalated,

    /// <summary>The tier failed and the cascade stopped with <see cref="CascadeTierFailedException"/>.</summary>
    Failed,

    /// <summary>
    /// The table kept this non-final tier's answer without verifying it: the verifier was not called and only the
    /// tier's cost was charged (every bin would have been accepted under the policy's model).
    /// </summary>
    AcceptedUnverified,
}
