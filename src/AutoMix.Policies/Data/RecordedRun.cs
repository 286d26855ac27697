namespace AutoMix.Policies.Data
{
    /// <summary>What one model answered to a query, its task score in [0, 1], what the call cost and its verification signal.</summary>
    public sealed record RecordedRun(
        string Answer,
        double Score,
        double? CostUsd,
        double? LatencyMs,
        int? TokensIn,
        int? TokensOut,
        RecordedVerifierSignal Verifier);
}
