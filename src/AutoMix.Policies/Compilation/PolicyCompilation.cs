using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Compilation
{
    /// <summary>
    /// Everything the policy compiler knows about one policy file: the validated document, the solved
    /// default operating point, the named operating points, the λ-frontier (POMDP routers) and every diagnostic.
    /// The generator, the CLI and the tests all read this one result, so they always see the same table.
    /// </summary>
    public sealed record PolicyCompilation(
        string FilePath,
        PolicyDocument? Document,
        OperatingPoint? Default,
        EquatableArray<OperatingPoint> OperatingPoints,
        EquatableArray<FrontierPoint> Frontier,
        EquatableArray<PolicyDiagnostic> Diagnostics)
    {
        public bool HasErrors => Diagnostics.ContainsErrors();

        /// <summary>The generated class's public shape, when the parser could read it (also when there are errors).</summary>
        public PolicyOutline? Outline { get; init; }
    }
}
