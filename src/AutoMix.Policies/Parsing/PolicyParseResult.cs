using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Parsing
{
    /// <summary>The parser's output: a document when the text had no errors, and every diagnostic found.</summary>
    public sealed record PolicyParseResult(PolicyDocument? Document, EquatableArray<PolicyDiagnostic> Diagnostics)
    {
        public bool HasErrors => Diagnostics.ContainsErrors();

        /// <summary>The generated class's public shape, when its names were readable (also when there are errors).</summary>
        public PolicyOutline? Outline { get; init; }
    }
}
