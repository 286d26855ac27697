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
    /// <summary>Runtime replays by default: enough for the mean to sit within a point or two of the exact expectation.</summary>
    public const int DefaultSeeds = 20;
}
