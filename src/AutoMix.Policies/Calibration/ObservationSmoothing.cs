namespace AutoMix.Policies.Calibration
{
    /// <summary>How a state's confidence histogram becomes observation probabilities.</summary>
    public enum ObservationSmoothing
    {
        /// <summary>Bin counts plus a pseudo-count alpha per bin (add-alpha / Laplace).</summary>
        Laplace,

        /// <summary>A Gaussian kernel density of the raw confidences integrated over each bin (the paper's choice).</summary>
        KernelDensity,

        /// <summary>
        /// A multinomial logistic model of P(state | confidence) per verified tier, linear in the confidence's
        /// log-odds (Platt scaling): every row counts in every state with the model's probability, so the
        /// posterior of a bin is the bin's average of a smooth, monotone calibration curve.
        /// </summary>
        Logistic,
    }
}
