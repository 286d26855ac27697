using System.Globalization;

namespace AutoMix.Policies.Diagnostics
{
    /// <summary>One problem found in a policy: a catalog ID, where it is and what to do about it.</summary>
    public sealed record PolicyDiagnostic(
        string Id,
        PolicyDiagnosticSeverity Severity,
        string Message,
        string FilePath,
        SourceSpan Span)
    {
        public bool IsError => Severity == PolicyDiagnosticSeverity.Error;

        /// <summary>MSBuild-style rendering: <c>file(line,col): error AMX0007: message</c>.</summary>
        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture,
            "{0}({1},{2}): {3} {4}: {5}",
            FilePath,
            Span.StartLine + 1,
            Span.StartColumn + 1,
            Severity == PolicyDiagnosticSeverity.Error ? "error" : Severity == PolicyDiagnosticSeverity.Warning ? "warning" : "info",
            Id,
            Message);
    }
}
