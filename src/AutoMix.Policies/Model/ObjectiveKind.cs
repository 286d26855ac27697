namespace AutoMix.Policies.Model
{
    /// <summary>How the POMDP router picks its operating point on the λ-frontier.</summary>
    public enum ObjectiveKind
    {
        /// <summary>Maximise performance − λ·cost for a fixed λ.</summary>
        Lambda,

        /// <summary>The best-performing policy whose expected cost is at most a limit.</summary>
        MaxExpectedCost,

        /// <summary>The policy that maximises ΔIBC under the model (the paper's released code).</summary>
        MaxIbc,
    }
}
