using System.Globalization;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Generators.Model
{
    /// <summary>A diagnostic as plain values (catalog ID, severity, formatted message, location), reported by the output step.</summary>
    internal sealed record DiagnosticInfo(string Id, PolicyDiagnosticSeverity Severity, string Message, LocationInfo Location)
    {
        public static DiagnosticInfo From(PolicyDiagnostic diagnostic, string path) =>
            new(diagnostic.Id, diagnostic.Severity, diagnostic.Message, LocationInfo.From(path, diagnostic.Span));

        public static DiagnosticInfo Create(PolicyDiagnosticDescriptor descriptor, LocationInfo location, params object?[] args) =>
            new(descriptor.Id, descriptor.Severity, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args), location);
    }
}
