namespace AutoMix.Policies.Model
{
    public enum RouterKind
    {
        /// <summary>Accept when the confidence bin reaches a threshold, else route to the next tier.</summary>
        Threshold,

        /// <summary>Solve the POMDP over the verifier's noisy confidence (paper §4.2).</summary>
        Pomdp,
    }
}
