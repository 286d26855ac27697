using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// The meta-verifier. Threshold: accept a bin whose midpoint is at least <see cref="Threshold"/>;
    /// with a <see cref="Band"/> (low, high) accept when the midpoint is below low ("hopeless") or at least high.
    /// POMDP: solve with <see cref="Objective"/>, plus any named <see cref="OperatingPoints"/>.
    /// </summary>
    public sealed record RouterSpec(
        RouterKind Kind,
        double Threshold,
        ThresholdBand? Band,
        ObjectiveSpec Objective,
        EquatableArray<OperatingPointSpec> OperatingPoints,
        SourceSpan Span);

    /// <summary>The double-threshold band: route only when low ≤ confidence &lt; high.</summary>
    public sealed record ThresholdBand(double Low, double High);
}
