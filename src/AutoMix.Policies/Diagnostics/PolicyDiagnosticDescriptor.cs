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

        public PolicyDiagnostic Create(string filePath, SourceSpan span, params object?[] args) =>
            new PolicyDiagnostic(Id, Severity, string.Format(CultureInfo.InvariantCulture, MessageFormat, args), filePath, span);
    }
}
