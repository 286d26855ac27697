using System;

namespace AutoMix;

/// <summary>
/// A tier's backend cannot serve its configured verifier (for example, a logprob verifier on a backend that
/// returns no logprobs). This is a configuration error, not a transient failure, so it is never turned into an
/// escalation: it always propagates to the caller.
/// </summary>
public sealed class AutoMixVerifierException : Exception
{
    public AutoMixVerifierException(string tier, string message, Exception? innerException = null)
        : base($"AutoMix verifier of tier '{tier}': {message}", innerException)
    {
        Tier = tier;
    }

    /// <summary>Name of the tier whose verifier failed.</summary>
    public string Tier { get; }
}
