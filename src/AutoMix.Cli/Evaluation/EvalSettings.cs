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
    int Concurrency,
    string? OutDirectory,
    bool Json);
