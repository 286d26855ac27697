namespace AutoMix.Policies.Diagnostics
{
    public enum PolicyDiagnosticSeverity
    {
        Info,
        Warning,
        Error,
    }
}
