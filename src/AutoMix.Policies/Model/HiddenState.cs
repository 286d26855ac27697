using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// One hidden state of the POMDP: its prior, the performance each tier's answer gets in it, and per
    /// verified tier (in tier order, last tier excluded) the probability of each observation bin.
    /// </summary>
    public sealed record HiddenState(
        string Name,
        double Prior,
        EquatableArray<double> Performance,
        EquatableArray<ObservationRow> Observations,
        SourceSpan Span);

    /// <summary>P(bin | state) for one verified tier, keyed by the tier's name.</summary>
    public sealed record ObservationRow(string Tier, EquatableArray<double> Probabilities);
}
