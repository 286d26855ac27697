using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// The operating point chosen when the model was calibrated (model.selection), so that a rebuild reproduces
    /// it: either the POMDP table optimal at <see cref="Lambda"/>, or the single-threshold table at
    /// <see cref="Threshold"/> when cross-validation found that simpler table better on held-out rows. Used by the
    /// <c>max-ibc</c> objective; explicit <c>lambda</c> and <c>max-expected-cost</c> objectives ignore it.
    /// </summary>
    public sealed record RouterSelection(
        RouterSelectionKind Kind,
        double Value,
        string? Method,
        SourceSpan Span)
    {
        public double? Lambda => Kind == RouterSelectionKind.Pomdp ? Value : null;

        public double? Threshold => Kind == RouterSelectionKind.Threshold ? Value : null;
    }

    /// <summary>Which table family the selection chose.</summary>
    public enum RouterSelectionKind
    {
        /// <summary>The POMDP table at a fixed λ.</summary>
        Pomdp,

        /// <summary>A single threshold on every verified tier (itself a table the POMDP could have chosen).</summary>
        Threshold,
    }
}
