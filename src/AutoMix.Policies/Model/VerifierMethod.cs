namespace AutoMix.Policies.Model
{
    /// <summary>How a tier's confidence in its own answer is obtained.</summary>
    public enum VerifierMethod
    {
        /// <summary>k sampled correct/incorrect verdicts from the same model with a few-shot prompt (the paper's method).</summary>
        SelfVerification,

        /// <summary>k sampled answers; confidence is the share equal to the answer.</summary>
        SelfConsistency,

        /// <summary>One call; confidence is the probability of the "correct" token.</summary>
        Logprob,
    }
}
