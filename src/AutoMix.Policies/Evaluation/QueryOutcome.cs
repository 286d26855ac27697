using System.Collections.Generic;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// One replayed query: the share of its answers each tier gave (one-hot for a single runtime run; the exact
    /// probabilities for the offline replay, which takes the expectation over the verifier's sampling), its
    /// expected score and cost, and the scores the first and last tier got on it (for the always-tier baselines
    /// on the very same query).
    /// </summary>
    public sealed record QueryOutcome(
        string Id,
        int LineNumber,
        IReadOnlyList<double> AnswerShares,
        double Score,
        double Cost,
        double FirstTierScore,
        double LastTierScore)
    {
        /// <summary>Verifier samples drawn for this query (expected, for the offline replay); a logprob call counts as one.</summary>
        public double VerifierSamples { get; init; }

        /// <summary>Verifier rounds for this query: one per verifying visit, or per round drawn by an adaptive verifier.</summary>
        public double VerifierRounds { get; init; }

        /// <summary>The tier most likely to answer (the answering tier of a single run).</summary>
        public int AnsweredBy
        {
            get
            {
                var best = 0;
                for (var t = 1; t < AnswerShares.Count; t++)
                {
                    if (AnswerShares[t] > AnswerShares[best])
                    {
                        best = t;
                    }
                }

                return best;
            }
        }

        /// <summary>A one-hot share vector: tier <paramref name="tier"/> of <paramref name="tierCount"/> answered.</summary>
        public static double[] OneHot(int tier, int tierCount)
        {
            var shares = new double[tierCount];
            shares[tier] = 1;
            return shares;
        }
    }

    /// <summary>Every replayed query, the rows skipped for a missing model, and the always-first / always-last costs.</summary>
    public sealed record ReplayOutcomes(IReadOnlyList<QueryOutcome> Queries, int RowsSkipped, double FirstTierCost, double LastTierCost);
}
