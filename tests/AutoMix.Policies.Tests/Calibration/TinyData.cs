using AutoMix.Policies.Collections;
using AutoMix.Policies.Data;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Tests.Calibration;

/// <summary>Hand-made recorded rows and model-less policies for calibration and evaluation tests.</summary>
internal static class TinyData
{
    public static readonly IReadOnlyDictionary<string, string> PairMap = new Dictionary<string, string> { ["small"] = "s-model", ["large"] = "l-model" };

    /// <summary>small (cost 1, verifier 1, the given binning) → large (cost 10).</summary>
    public static PolicyDocument Pair(ObservationBinning binning, double smallCost = 1, double verifierCost = 1, double largeCost = 10) =>
        Policy(new TierSpec("small", "s-model", smallCost, Verifier(binning, verifierCost), SourceSpan.None), new TierSpec("large", "l-model", largeCost, null, SourceSpan.None));

    public static PolicyDocument Policy(params TierSpec[] tiers) => new(
        1, "Tiny", null, null, new EquatableArray<TierSpec>(tiers),
        new RouterSpec(RouterKind.Pomdp, 0, null, ObjectiveSpec.MaxIbc, EquatableArray<OperatingPointSpec>.Empty, SourceSpan.None),
        null, null, SourceSpan.None);

    public static VerifierSpec Verifier(ObservationBinning binning, double cost) =>
        new(VerifierMethod.Logprob, 1, 1.0, cost, binning, SourceSpan.None); // bins the recorded confidence itself: hand computations stay exact

    public static RecordedRun Run(double score, double pCorrect) =>
        new("answer", score, null, null, null, null, new RecordedVerifierSignal("self-verification", pCorrect, null));

    public static RecordedQuery Query(int line, params (string Model, double Score, double P)[] runs) =>
        new("q" + line, "tiny", null, "prompt", null, runs.ToDictionary(r => r.Model, r => Run(r.Score, r.P)), line);
}
