namespace AutoMix.Policies.Tables
{
    /// <summary>
    /// What the table says after a tier's bin is observed: keep the answer, route to a later tier, or (at a
    /// decision point of an adaptive tier before its last round) draw another round of verifier samples.
    /// </summary>
    public readonly record struct TableAction(int TargetTier)
    {
        private const int AcceptTarget = -1;
        private const int ContinueTarget = -2;

        public static TableAction Accept => new(AcceptTarget);

        /// <summary>Draw another round of samples at the same tier (adaptive verification).</summary>
        public static TableAction Continue => new(ContinueTarget);

        public static TableAction RouteTo(int tier) => new(tier);

        public bool IsAccept => TargetTier == AcceptTarget;

        public bool IsContinue => TargetTier == ContinueTarget;

        public bool IsRoute => TargetTier >= 0;

        public override string ToString() => IsAccept ? "accept" : IsContinue ? "sample another round" : "route to tier " + TargetTier;
    }
}
