using System.Collections.Generic;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// A table replayed on recorded rows: how many rows were used (and skipped because a mapped model had no
    /// run), the router's average performance and cost, the share of queries answered by each tier, the
    /// always-first / always-last tier baselines on the same rows, and ΔIBC against them.
    /// </summary>
    public sealed record EvaluationReport(
        int Rows,
        int RowsSkipped,
        CostQuality Router,
        IReadOnlyList<double> AnswerShare,
        CostQuality AlwaysFirst,
        CostQuality AlwaysLast,
        DeltaIbc DeltaIbc)
    {
        public double Performance => Router.Performance;

        public double Cost => Router.Cost;

        /// <summary>Mean verifier samples per query (a logprob call counts as one).</summary>
        public double VerifierSamplesPerQuery { get; init; }

        /// <summary>Mean verifier rounds per query: sequential batches of verifier calls (one per verifying visit unless adaptive).</summary>
        public double VerifierRoundsPerQuery { get; init; }
    }
}
