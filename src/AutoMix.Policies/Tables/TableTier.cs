namespace AutoMix.Policies.Tables
{
    /// <summary>A tier as the table sees it: costs and how many observation bins its verifier has (0 = unverified, final).</summary>
    public sealed record TableTier(string Name, string Model, double Cost, double VerifierCost, int Bins)
    {
        public bool IsVerified => Bins > 0;

        public double VisitCost => Cost + VerifierCost;
    }
}
