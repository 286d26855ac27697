using System;

namespace AutoMix.Cli.Infrastructure;

/// <summary>
/// A problem with the user's input (missing file, malformed option, policy with errors). The message is printed
/// as is, without a stack trace, and the command exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.UsageOrInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>An exception's message without the " (Parameter 'x')" suffix, which means nothing to a CLI user.</summary>
    public static string Describe(Exception exception) =>
        exception is ArgumentException { ParamName: { } name } ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : exception.Message;
}
