using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using AutoMix.Policies.Tests.Solving;

namespace AutoMix.Policies.Tests.Tables;

/// <summary>
/// A three-tier policy (t0, t1, t2: costs 1, 10, 50; verifiers 1 and 10; two bins each) and hand-built tables that
/// start at t1 or accept t1 without verifying, for the evaluator, formatter and diagnostic tests.
/// </summary>
internal static class SkippingAndUnverifiedTables
{
    /// <summary>s0 (prior 0.5) is answered right by every tier and mostly lands in bin 1 of t0; s1 only by t1 and t2.</summary>
    public static PolicyDocument Policy { get; } = TestPolicies.Make(
        new[] { 1.0, 10.0, 50.0 }, new[] { 1.0, 10.0, 0 }, new[] { 2, 2, 0 },
        (0.5, new[] { 1.0, 1.0, 1.0 }, new[] { new[] { 0.2, 0.8 }, new[] { 0.1, 0.9 } }),
        (0.5, new[] { 0.0, 1.0, 1.0 }, new[] { new[] { 0.8, 0.2 }, new[] { 0.3, 0.7 } }));

    public static IReadOnlyList<TableTier> Tiers { get; } = TableTiers.From(Policy);

    /// <summary>Always t1, accepted without verifying: t0 and t2 are never called.</summary>
    public static PolicyTable AlwaysMiddleUnverified { get; } =
        PolicyTableBuilder.Build(Tiers, 1, (_, _) => false, (_, _, _) => TableAction.Accept);

    /// <summary>Starts at t1 and verifies it: bin 0 goes on to t2, bin 1 accepts.</summary>
    public static PolicyTable StartAtMiddle { get; } =
        PolicyTableBuilder.Build(Tiers, 1, (_, _) => true, (_, _, bin) => bin == 0 ? TableAction.RouteTo(2) : TableAction.Accept);

    /// <summary>t0 verifies (bin 0 to t1, bin 1 accepts); t1 accepts without verifying; t2 is never called.</summary>
    public static PolicyTable SmallThenUnverifiedMiddle { get; } =
        PolicyTableBuilder.Build(Tiers, 0, (tier, _) => tier == 0, (_, _, bin) => bin == 0 ? TableAction.RouteTo(1) : TableAction.Accept);

    public static OperatingPoint Point(PolicyTable table) =>
        new(PolicyCompiler.DefaultOperatingPointName, null, table, PolicyEvaluator.Evaluate(table, Policy));
}
