namespace QuickstartSample;

/// <summary>Measured quality and mean cost per query of one routing strategy, and how often it reached the large tier.</summary>
internal sealed record StrategyResult(string Name, double Quality, double Cost, double LargeShare);
