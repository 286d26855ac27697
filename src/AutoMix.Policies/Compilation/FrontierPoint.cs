using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Compilation
{
    /// <summary>
    /// One distinct optimal policy of the λ-frontier: optimal for every λ in [<see cref="LambdaLow"/>,
    /// <see cref="LambdaHigh"/>] (reward = performance − λ·cost). Ordered from most to least expensive.
    /// </summary>
    public sealed record FrontierPoint(double LambdaLow, double LambdaHigh, PolicyTable Table, PolicyMetrics Metrics);
}
