namespace AutoMix;

/// <summary>What a failure (exception or timeout) of a non-final tier does. The final tier's failure always throws.</summary>
public enum TierFailureMode
{
    /// <summary>
    /// Record the failed step and continue at the next tier (tier index + 1 when the table has a decision node for
    /// it, else the next later tier it has one for, else the final tier). The failed tier's cost is still charged.
    /// </summary>
    EscalateToNextTier,

    /// <summary>Throw <see cref="CascadeTierFailedException"/> with the trace so far.</summary>
    Fail,
}
