using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Parsing
{
    /// <summary>The parser's output: a document when the text had no errors, and every diagnostic found.</summary>
    public sealed record PolicyParseResult(PolicyDocument? Document, EquatableArray<PolicyDiagnostic> Diagnostics)
    {
        public bool HasErrors => Diagnostics.ContainsErrors();
    }
}
