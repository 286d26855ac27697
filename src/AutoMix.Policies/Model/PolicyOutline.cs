using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// The public shape of a policy's generated class (type name, namespace, tiers), known even when the policy has
    /// errors elsewhere. The generator emits a placeholder of that shape for a broken policy, so code using the class
    /// still compiles and the build reports only the policy's own AMX diagnostics, not C# errors at every use.
    /// Only produced when every name in it is valid: a placeholder never turns a policy mistake into a C# error.
    /// </summary>
    public sealed record PolicyOutline(
        string PolicyName,
        string? Namespace,
        EquatableArray<OutlineTier> Tiers,
        SourceSpan PolicyNameSpan);

    /// <summary>A tier of a <see cref="PolicyOutline"/>: its name and, when it was readable, its model.</summary>
    public sealed record OutlineTier(string Name, string? Model);
}
