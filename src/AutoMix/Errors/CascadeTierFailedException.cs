using System;

namespace AutoMix;

/// <summary>
/// A tier failed (backend exception or timeout) and the cascade could not continue: either it was the final
/// tier, or <see cref="TierFailureMode.Fail"/> was configured. Carries the trace up to and including the failure.
/// </summary>
public sealed class CascadeTierFailedException : Exception
{
    public CascadeTierFailedException(string tier, int tierIndex, CascadeTrace trace, Exception innerException)
        : base($"AutoMix tier '{tier}' (index {tierIndex}) failed: {innerException?.Message}", innerException)
    {
        Tier = tier;
        TierIndex = tierIndex;
        Trace = trace;
    }

    /// <summary>Name of the failed tier.</summary>
    public string Tier { get; }

    public int TierIndex { get; }

    /// <summary>Every step run before the failure, the failed step last (with its cost).</summary>
    public CascadeTrace Trace { get; }
}
