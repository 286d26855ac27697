using System.Collections.Generic;

namespace AutoMix.Cli.Evaluation;

// The machine-readable result of `automix eval` (--json). Property names are part of the CLI's contract:
// serialised camelCase, undefined numbers (ΔIBC without a slope, infinite λ) as null.

/// <summary>Everything `automix eval` measured.</summary>
internal sealed record EvalReport(
    PolicyInfo Policy,
    DataInfo Data,
    string Costs,
    int Seed,
    IReadOnlyList<TierInfo> Tiers,
    RouterResult Runtime,
    RouterResult Offline,
    Baselines Baselines,
    IReadOnlyList<string> Notes);

internal sealed record PolicyInfo(string Path, string Name, string Router, string? Objective, string? OperatingPoint, double? Lambda, ProvenanceInfo? Provenance);

internal sealed record ProvenanceInfo(string? Data, int? Rows, string? Hash, string? Date, string? Tool, string? Notes);

internal sealed record DataInfo(string Runs, string Sha256, string Split, string? SelectSplit, int Rows, int RowsSkipped, int MalformedLines);

internal sealed record TierInfo(string Name, string Model, double Cost, double VerifierCost, string? Verifier, int? Samples);

/// <summary>A router measured on the evaluation rows: mean quality and cost per query, ΔIBC and who answered.</summary>
internal sealed record RouterResult(
    double Quality,
    double Cost,
    double? DeltaIbc,
    string? DeltaIbcNote,
    ConfidenceInterval? DeltaIbcInterval,
    IReadOnlyDictionary<string, double> TierShares,
    long? InputTokens,
    long? OutputTokens,
    double? EscalationsPerQuery)
{
    /// <summary>Runtime replays only: how ΔIBC varied over the seeded replays (DeltaIbc is that of their mean quality and cost).</summary>
    public SeedSpread? Seeds { get; init; }

    /// <summary>Mean verifier samples per query (a logprob call counts as one); expected, for the offline replay.</summary>
    public double? VerifierSamplesPerQuery { get; init; }

    /// <summary>Mean verifier rounds per query: one per verified visit, or per round an adaptive verifier drew.</summary>
    public double? VerifierRoundsPerQuery { get; init; }
}

/// <summary>An adaptive policy's fixed-k counterpart (every sample drawn at once), replayed offline on the same rows.</summary>
internal sealed record FixedKResult(double Quality, double Cost, double? DeltaIbc, double VerifierSamplesPerQuery, double VerifierRoundsPerQuery);

/// <summary>ΔIBC over several seeded runtime replays: how many, the first seed, the mean of the per-seed values, standard deviation, min and max.</summary>
internal sealed record SeedSpread(int Count, int FirstSeed, double Mean, double StandardDeviation, double Min, double Max);

/// <summary>A 90% percentile-bootstrap interval (2000 resamples of the queries, seed 1).</summary>
internal sealed record ConfidenceInterval(double Low, double High);

internal sealed record Baselines(
    IReadOnlyList<AlwaysTierResult> AlwaysTier,
    ThresholdResult? BestThreshold,
    IReadOnlyList<MixingResult> RandomMixing,
    IReadOnlyList<FrontierResult> Frontier)
{
    /// <summary>Three or more tiers: every two-tier sub-cascade with its best threshold chosen on the selection rows.</summary>
    public IReadOnlyList<SubCascadeResult> SubCascades { get; init; } = [];

    /// <summary>An adaptive policy: the same policy drawing all k samples at once (null otherwise).</summary>
    public FixedKResult? FixedK { get; init; }
}

/// <summary>A two-tier sub-cascade of the policy's tiers (From verified, then To) at its best threshold.</summary>
internal sealed record SubCascadeResult(string From, string To, double Threshold, double Quality, double Cost, double? DeltaIbc);

internal sealed record AlwaysTierResult(string Tier, string Model, double Quality, double Cost)
{
    /// <summary>ΔIBC of always answering with this tier (null for the first tier, whose IBC is undefined).</summary>
    public double? DeltaIbc { get; init; }
}

internal sealed record ThresholdResult(double Threshold, string SelectedOn, double Quality, double Cost, double? DeltaIbc, double? SelectionDeltaIbc);

internal sealed record MixingResult(double P, double Quality, double Cost);

internal sealed record FrontierResult(double LambdaLow, double? LambdaHigh, double ExpectedQuality, double ExpectedCost, double Quality, double Cost, double? DeltaIbc);
