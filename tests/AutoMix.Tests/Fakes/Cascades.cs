using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Tests.Fakes;

/// <summary>Builders for test cascades: tiers with equal-width bins and tables from a (tier, bin) rule.</summary>
public static class Cascades
{
    public static VerifierSpec Verifier(int samples = 4, VerifierMethod method = VerifierMethod.SelfVerification, double cost = 0.5, int? bins = null) =>
        new(method, samples, 1.0, cost, ObservationBinning.Equal(bins ?? samples + 1), SourceSpan.None);

    public static CascadeTier[] TwoTiers(int samples = 4, VerifierMethod method = VerifierMethod.SelfVerification) => new[]
    {
        new CascadeTier("small", "small-model", 1, Verifier(samples, method)),
        new CascadeTier("large", "large-model", 20, null),
    };

    public static CascadeTier[] ThreeTiers(int samples = 4) => new[]
    {
        new CascadeTier("small", "small-model", 1, Verifier(samples)),
        new CascadeTier("medium", "medium-model", 5, Verifier(samples, cost: 2)),
        new CascadeTier("large", "large-model", 20, null),
    };

    public static PolicyTable Table(IReadOnlyList<CascadeTier> tiers, Func<int, int, TableAction> decide) =>
        PolicyTableBuilder.Build(TableTiers(tiers), (tier, _, bin) => decide(tier, bin));

    /// <summary>A table starting at <paramref name="startTier"/> whose nodes verify only on the tiers <paramref name="verifies"/> accepts.</summary>
    public static PolicyTable Table(IReadOnlyList<CascadeTier> tiers, int startTier, Func<int, bool> verifies, Func<int, int, TableAction> decide) =>
        PolicyTableBuilder.Build(TableTiers(tiers), startTier, (tier, _) => verifies(tier), (tier, _, bin) => decide(tier, bin));

    private static List<TableTier> TableTiers(IReadOnlyList<CascadeTier> tiers) =>
        tiers.Select(t => new TableTier(t.Name, t.Model, t.Cost, t.Verifier?.MaxCost ?? 0, t.Verifier?.Binning.BinCount ?? 0) { Sampling = t.Verifier?.Adaptive }).ToList();

    /// <summary>Accept at every verified tier when bin >= <paramref name="acceptFrom"/>, else go to the next tier.</summary>
    public static PolicyTable Threshold(IReadOnlyList<CascadeTier> tiers, int acceptFrom) =>
        Table(tiers, (tier, bin) => bin >= acceptFrom ? TableAction.Accept : TableAction.RouteTo(tier + 1));

    public static CascadeDefinition Definition(IReadOnlyList<CascadeTier> tiers, PolicyTable table, IReadOnlyDictionary<string, PolicyTable>? points = null, string name = "test") =>
        new(name, tiers, table, points);

    public static string Correct => "Reasoning: the answer matches the context.\nVerdict: correct";

    public static string Incorrect => "Reasoning: the answer contradicts the context.\nVerdict: incorrect";

    public static List<Microsoft.Extensions.AI.ChatMessage> Question(string text = "What is the capital of France?") =>
        new() { new(Microsoft.Extensions.AI.ChatRole.User, text) };
}
