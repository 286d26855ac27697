namespace AutoMix.Policies.Evaluation
{
    /// <summary>Average performance (task score) and average cost per query of some router on some rows.</summary>
    public readonly record struct CostQuality(double Performance, double Cost);
}
