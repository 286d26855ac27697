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
    /// <summary>"drawn" (seeded draws from the recorded samples, the default) or "recorded" (recorded order).</summary>
    public string SampleOrder { get; init; } = "drawn";

    /// <summary>
    /// Runtime replays by default. One replay's ΔIBC can vary by ±30 points on a few hundred queries with a sampled
    /// verifier; 200 replays bring the mean within a couple of points of the exact expectation, and a replay of
    /// recorded runs costs milliseconds.
    /// </summary>
    public const int DefaultSeeds = 200;
}
