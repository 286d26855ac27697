using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>The POMDP's hidden states and observation probabilities, normally written by calibration.</summary>
    public sealed record ObservationModel(
        EquatableArray<HiddenState> States,
        Provenance? Provenance,
        SourceSpan Span);
}
