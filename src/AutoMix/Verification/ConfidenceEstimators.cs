using System;
using AutoMix.Policies.Model;

namespace AutoMix.Verification;

/// <summary>The built-in estimator of each verifier method.</summary>
public static class ConfidenceEstimators
{
    public static IConfidenceEstimator For(VerifierMethod method) => method switch
    {
        VerifierMethod.SelfVerification => SelfVerificationEstimator.Instance,
        VerifierMethod.SelfConsistency => SelfConsistencyEstimator.Instance,
        VerifierMethod.Logprob => LogprobEstimator.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown verifier method."),
    };
}
