using System.Collections.Generic;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// One replayed query: which tier's answer was accepted, its score, what the route cost, and the scores the
    /// first and last tier got on it (for the always-tier baselines on the very same query).
    /// </summary>
    public sealed record QueryOutcome(string Id, int LineNumber, int AnsweredBy, double Score, double Cost, double FirstTierScore, double LastTierScore);

    /// <summary>Every replayed query, the rows skipped for a missing model, and the always-first / always-last costs.</summary>
    public sealed record ReplayOutcomes(IReadOnlyList<QueryOutcome> Queries, int RowsSkipped, double FirstTierCost, double LastTierCost);
}
