using System.Globalization;

namespace AutoMix.Policies.Diagnostics
{
    /// <summary>A catalog entry: stable ID, default severity, message format and help text.</summary>
    public sealed record PolicyDiagnosticDescriptor(
        string Id,
        string Title,
        string MessageFormat,
        PolicyDiagnosticSeverity Severity,
        string HelpText)
    {
        public string Category => "AutoMix.Policy";

        /// <summary>The section of docs/policy-language.md that explains this diagnostic, relative to the repository.</summary>
        public string HelpPath => PolicyDiagnosticDescriptors.DocumentationPath + "#" + Id.ToLowerInvariant();

        /// <summary>The same section as a link (Roslyn's helpLinkUri, shown by the build and the IDE).</summary>
        public string HelpLink => PolicyDiagnosticDescriptors.DocumentationUrl + "#" + Id.ToLowerInvariant();

        public PolicyDiagnostic Create(string filePath, SourceSpan span, params object?[] args) =>
            new PolicyDiagnostic(Id, Severity, string.Format(CultureInfo.InvariantCulture, MessageFormat, args), filePath, span);
    }
}
