using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>Cost limits checked after solving; a violation is a build error.</summary>
    public sealed record BudgetSpec(
        double? MaxCostPerQuery,
        SourceSpan MaxCostPerQuerySpan,
        double? MaxExpectedCost,
        SourceSpan MaxExpectedCostSpan);
}
