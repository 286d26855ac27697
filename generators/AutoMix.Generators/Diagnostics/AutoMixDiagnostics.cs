using System.Collections.Generic;
using AutoMix.Generators.Model;
using AutoMix.Policies.Diagnostics;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Diagnostics
{
    /// <summary>
    /// Roslyn descriptors built from the one policy diagnostic catalog (<see cref="PolicyDiagnosticDescriptors.All"/>):
    /// same ID, title, message format, category and severity; the catalog's help text is the description and the
    /// help link is the ID's section of docs/policy-language.md.
    /// No text is duplicated here.
    /// </summary>
    internal static class AutoMixDiagnostics
    {
        private static readonly Dictionary<string, PolicyDiagnosticDescriptor> CatalogById = BuildCatalog();

        /// <summary>The Roslyn descriptor of every catalog entry, in catalog order.</summary>
        public static IReadOnlyList<DiagnosticDescriptor> All { get; } = BuildAll();

        public static DiagnosticDescriptor ToDescriptor(PolicyDiagnosticDescriptor entry) => new(
            entry.Id,
            entry.Title,
            entry.MessageFormat,
            entry.Category,
            ToSeverity(entry.Severity),
            isEnabledByDefault: true,
            description: entry.HelpText,
            helpLinkUri: entry.HelpLink);

        /// <summary>
        /// The policy compiler formats its messages itself (its diagnostics do not keep the arguments), so the
        /// reported diagnostic uses a descriptor identical to the catalog one except that its message is that text.
        /// </summary>
        public static Diagnostic ToDiagnostic(DiagnosticInfo info)
        {
            CatalogById.TryGetValue(info.Id, out var entry);
            var descriptor = new DiagnosticDescriptor(
                info.Id,
                entry?.Title ?? info.Id,
                EscapeFormat(info.Message),
                entry?.Category ?? "AutoMix.Policy",
                ToSeverity(info.Severity),
                isEnabledByDefault: true,
                description: entry?.HelpText,
                helpLinkUri: entry?.HelpLink);
            return Diagnostic.Create(descriptor, info.Location.ToLocation());
        }

        public static DiagnosticSeverity ToSeverity(PolicyDiagnosticSeverity severity) => severity switch
        {
            PolicyDiagnosticSeverity.Error => DiagnosticSeverity.Error,
            PolicyDiagnosticSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };

        private static string EscapeFormat(string message) => message.Replace("{", "{{").Replace("}", "}}");

        private static Dictionary<string, PolicyDiagnosticDescriptor> BuildCatalog()
        {
            var catalog = new Dictionary<string, PolicyDiagnosticDescriptor>(System.StringComparer.Ordinal);
            foreach (var entry in PolicyDiagnosticDescriptors.All)
            {
                catalog[entry.Id] = entry;
            }

            return catalog;
        }

        private static IReadOnlyList<DiagnosticDescriptor> BuildAll()
        {
            var all = new List<DiagnosticDescriptor>();
            foreach (var entry in PolicyDiagnosticDescriptors.All)
            {
                all.Add(ToDescriptor(entry));
            }

            return all;
        }
    }
}
