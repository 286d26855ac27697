using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>A named extra operating point on the λ-frontier, selectable per call (e.g. "economy").</summary>
    public sealed record OperatingPointSpec(string Name, ObjectiveSpec Objective, SourceSpan Span);
}
