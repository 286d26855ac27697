using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Compilation
{
    /// <summary>A chosen policy: its name ("default" for the router's objective), the λ it is optimal for (if any), table and metrics.</summary>
    public sealed record OperatingPoint(string Name, double? Lambda, PolicyTable Table, PolicyMetrics Metrics);
}
