using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>A verifier's result: the confidence, the samples it read, how many were unreadable, and the usage of its calls.</summary>
public sealed record ConfidenceEstimate(
    double Confidence,
    IReadOnlyList<VerifierSample> Samples,
    int UnparseableCount,
    UsageDetails? Usage);
