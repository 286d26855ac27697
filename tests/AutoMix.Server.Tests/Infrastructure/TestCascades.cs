using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Server.Tests.Infrastructure;

/// <summary>
/// A two-tier cascade "qa": "small" (cost 1, self-verified with k samples at cost 0.5, two bins split at 0.5) and
/// "large" (cost 10). Default table: keep small's answer in the high bin, escalate in the low bin.
/// Operating point "economy": always keep small's answer.
/// </summary>
public static class TestCascades
{
    public const int VerifierSamples = 3;
    public const double SmallCost = 1;
    public const double VerifierCost = 0.5;
    public const double LargeCost = 10;

    public static CascadeDefinition TwoTier(string name = "qa")
    {
        var binning = ObservationBinning.Equal(2);
        var verifier = new VerifierSpec(VerifierMethod.SelfVerification, VerifierSamples, 1.0, VerifierCost, binning, SourceSpan.None);
        var tiers = new[]
        {
            new CascadeTier("small", "small-model", SmallCost, verifier),
            new CascadeTier("large", "large-model", LargeCost, null),
        };
        var tableTiers = new[]
        {
            new TableTier("small", "small-model", SmallCost, VerifierCost, binning.BinCount),
            new TableTier("large", "large-model", LargeCost, 0, 0),
        };
        var standard = PolicyTableBuilder.Build(tableTiers, (tier, _, bin) => bin == 1 ? TableAction.Accept : TableAction.RouteTo(1));
        var economy = PolicyTableBuilder.Build(tableTiers, (_, _, _) => TableAction.Accept);
        return new CascadeDefinition(name, tiers, standard, new Dictionary<string, PolicyTable> { ["economy"] = economy });
    }
}
