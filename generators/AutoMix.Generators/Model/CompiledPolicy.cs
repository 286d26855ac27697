using AutoMix.Policies.Collections;
using AutoMix.Policies.Compilation;

namespace AutoMix.Generators.Model
{
    /// <summary>
    /// One policy after the shared policy compiler ran: the compilation (document, tables, metrics; null when
    /// the compiler could not run), the namespace the type goes in, and the diagnostics with their locations.
    /// Value-equatable throughout, so unchanged files are served from the incremental cache.
    /// </summary>
    internal sealed record CompiledPolicy(
        string Path,
        string DisplayPath,
        string? Namespace,
        PolicyCompilation? Compilation,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>True when a type can be generated: the compiler produced a table and reported no error.</summary>
        public bool CanEmit
        {
            get
            {
                if (Compilation is not { Document: not null, Default: not null })
                {
                    return false;
                }

                foreach (var diagnostic in Diagnostics)
                {
                    if (diagnostic.Severity == Policies.Diagnostics.PolicyDiagnosticSeverity.Error)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// The public shape of a placeholder class when the policy has errors but its names are readable (see
        /// <see cref="AutoMix.Policies.Model.PolicyOutline"/>); null when the real class is generated or nothing is.
        /// </summary>
        public AutoMix.Policies.Model.PolicyOutline? PlaceholderOutline =>
            !CanEmit && Compilation?.Outline is { } outline && !HasInternalError ? outline : null;

        /// <summary>The full name of the generated type or placeholder (namespace and policy name), or null when nothing is emitted.</summary>
        public string? FullTypeName => CanEmit
            ? (Namespace is null ? string.Empty : Namespace + ".") + Compilation!.Document!.PolicyName
            : PlaceholderOutline is { } outline ? (Namespace is null ? string.Empty : Namespace + ".") + outline.PolicyName : null;

        private bool HasInternalError
        {
            get
            {
                foreach (var diagnostic in Diagnostics)
                {
                    if (diagnostic.Id == Policies.Diagnostics.PolicyDiagnosticDescriptors.InternalError.Id)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
