using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>One model tier of the cascade. Every tier but the last has a verifier.</summary>
    public sealed record TierSpec(
        string Name,
        string Model,
        double Cost,
        VerifierSpec? Verifier,
        SourceSpan Span)
    {
        public bool IsVerified => Verifier is not null;

        /// <summary>Cost of one visit: the answer plus its verification.</summary>
        public double VisitCost => Cost + (Verifier?.MaxCost ?? 0);
    }
}
