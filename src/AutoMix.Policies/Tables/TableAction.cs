namespace AutoMix.Policies.Tables
{
    /// <summary>What the table says after a tier's bin is observed: keep the answer, or route to a later tier.</summary>
    public readonly record struct TableAction(int TargetTier)
    {
        public static TableAction Accept => new(-1);

        public static TableAction RouteTo(int tier) => new(tier);

        public bool IsAccept => TargetTier < 0;

        public override string ToString() => IsAccept ? "accept" : "route to tier " + TargetTier;
    }
}
