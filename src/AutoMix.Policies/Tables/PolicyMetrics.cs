using AutoMix.Policies.Collections;

namespace AutoMix.Policies.Tables
{
    /// <summary>
    /// A table's figures under the observation model: expected performance and cost, the worst-case
    /// cost over every path the table allows (and that path), and the probability of reaching each tier.
    /// </summary>
    public sealed record PolicyMetrics(
        double ExpectedPerformance,
        double ExpectedCost,
        double WorstCaseCost,
        string WorstCasePath,
        EquatableArray<double> ReachProbability,
        EquatableArray<double> AnswerShare);
}
