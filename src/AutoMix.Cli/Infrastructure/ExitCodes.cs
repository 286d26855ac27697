namespace AutoMix.Cli.Infrastructure;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A policy has errors (check, table, calibrate refusing to write).</summary>
    public const int PolicyErrors = 1;

    /// <summary>Bad arguments or unreadable input files.</summary>
    public const int UsageOrInput = 2;

    /// <summary>Some backend calls failed (record): everything else was done and the failures were recorded.</summary>
    public const int BackendErrors = 3;

    /// <summary>An unexpected failure (a bug): the message is printed without a stack trace unless AUTOMIX_DEBUG is set.</summary>
    public const int InternalError = 70;
}
