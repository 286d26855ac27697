namespace AutoMix.Cli.Evaluation;

/// <summary>The parsed options of `automix eval`.</summary>
internal sealed record EvalSettings(
    string PolicyPath,
    string RunsPath,
    string? SelectRunsPath,
    string? Tiers,
    string Split,
    string SelectSplit,
    string Costs,
    int Seed,
    int Seeds,
    int Concurrency,
    string? OutDirectory,
    bool Json)
{
    /// <summary>--sample-order recorded: self-consistency samples in their recorded order (default: seeded draws from them).</summary>
    public bool RecordedSampleOrder { get; init; }

    /// <summary>
    /// Runtime replays by default. One replay's ΔIBC can vary by ±30 points on a few hundred queries with a sampled
    /// verifier; 200 replays bring the mean within a couple of points of the exact expectation, and a replay of
    /// recorded runs costs milliseconds.
    /// </summary>
    public const int DefaultSeeds = 200;
}
