using AutoMix.Policies.Solving;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// ΔIBC of a measured point against measured always-small / always-large points, with the reason when it is
    /// undefined (NaN) instead of a crash or a silent infinity.
    /// </summary>
    public readonly record struct DeltaIbc(double Ibc, double Value, string? Note)
    {
        public bool IsDefined => !double.IsNaN(Value);

        public static DeltaIbc Of(CostQuality point, CostQuality small, CostQuality large)
        {
            var ibc = IncrementalBenefitPerCost.Of(point.Performance, point.Cost, small.Performance, small.Cost);
            var ibcLarge = IncrementalBenefitPerCost.Of(large.Performance, large.Cost, small.Performance, small.Cost);
            if (double.IsNaN(ibcLarge))
            {
                return new DeltaIbc(ibc, double.NaN, "always-large costs the same as always-small, so IBC(large) is undefined");
            }

            if (ibcLarge == 0)
            {
                return new DeltaIbc(ibc, double.NaN, "always-large performs exactly as always-small (IBC(large) = 0)");
            }

            if (double.IsNaN(ibc))
            {
                return new DeltaIbc(ibc, double.NaN, "the router costs exactly as much as always-small, so its IBC is undefined");
            }

            return new DeltaIbc(ibc, IncrementalBenefitPerCost.Delta(point.Performance, point.Cost, small.Performance, small.Cost, large.Performance, large.Cost), null);
        }
    }
}
