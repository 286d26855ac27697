namespace AutoMix.Policies.Calibration
{
    /// <summary>How a state's confidence histogram becomes observation probabilities.</summary>
    public enum ObservationSmoothing
    {
        /// <summary>Bin counts plus a pseudo-count alpha per bin (add-alpha / Laplace).</summary>
        Laplace,

        /// <summary>A Gaussian kernel density of the raw confidences integrated over each bin (the paper's choice).</summary>
        KernelDensity,
    }
}
