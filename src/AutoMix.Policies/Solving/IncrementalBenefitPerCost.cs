namespace AutoMix.Policies.Solving
{
    /// <summary>
    /// The paper's headline metric. IBC(M) = (P(M) − P(small)) / (C(M) − C(small)): performance gained per
    /// unit of cost over always using the small model. ΔIBC(M) = 100·(IBC(M) − IBC(large)) / IBC(large):
    /// how much better M trades cost for quality than the straight line to always-large (random mixing).
    /// </summary>
    public static class IncrementalBenefitPerCost
    {
        /// <summary>IBC, or NaN when M costs the same as the small model (the slope is undefined).</summary>
        public static double Of(double performance, double cost, double smallPerformance, double smallCost)
        {
            var extraCost = cost - smallCost;
            return extraCost == 0 ? double.NaN : (performance - smallPerformance) / extraCost;
        }

        /// <summary>ΔIBC in percent, or NaN when either slope is undefined or always-large gains nothing (IBC(large) = 0).</summary>
        public static double Delta(
            double performance, double cost,
            double smallPerformance, double smallCost,
            double largePerformance, double largeCost)
        {
            var ibc = Of(performance, cost, smallPerformance, smallCost);
            var ibcLarge = Of(largePerformance, largeCost, smallPerformance, smallCost);
            return double.IsNaN(ibc) || double.IsNaN(ibcLarge) || ibcLarge == 0
                ? double.NaN
                : 100 * (ibc - ibcLarge) / ibcLarge;
        }
    }
}
