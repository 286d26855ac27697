using AutoMix.Policies.Model;

namespace AutoMix.Policies.Tables
{
    /// <summary>
    /// A tier as the table sees it: costs and how many observation bins its verifier has (0 = unverified, final).
    /// An adaptive tier (<see cref="Sampling"/> set) decides after every round of samples instead of once per bin:
    /// its nodes own one slot per decision point, and <see cref="VerifierCost"/> is the cost of drawing every round.
    /// </summary>
    public sealed record TableTier(string Name, string Model, double Cost, double VerifierCost, int Bins)
    {
        /// <summary>Round-based sampling of an adaptive verifier; null for a verifier that draws all its samples at once.</summary>
        public AdaptiveSampling? Sampling { get; init; }

        public bool IsVerified => Bins > 0;

        public bool IsAdaptive => Sampling is not null;

        /// <summary>Slots of a verifying node: one per bin, or one per decision point of an adaptive tier.</summary>
        public int SlotsPerNode => Sampling?.PointCount ?? Bins;

        public double VisitCost => Cost + VerifierCost;
    }
}
