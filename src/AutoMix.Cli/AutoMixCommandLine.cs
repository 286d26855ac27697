using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Cli.Commands;
using AutoMix.Cli.Infrastructure;

namespace AutoMix.Cli;

/// <summary>The command tree, runnable in-process with injected writers (tests) or from <c>Program</c>.</summary>
public static class AutoMixCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var context = new CliContext(output, error);
        var root = new RootCommand("AutoMix: cost-saving LLM cascades with few-shot self-verification and a POMDP router.")
        {
            TableCommand.Create(context),
            CheckCommand.Create(context),
            CalibrateCommand.Create(context),
            EvalCommand.Create(context),
            RecordCommand.Create(context),
            ServeCommand.Create(context),
        };

        // ProcessTerminationTimeout = null: System.CommandLine would otherwise kill the process 2 s after SIGTERM,
        // cutting off serve's graceful shutdown (ShutdownTimeout, 30 s). Program turns SIGINT and SIGTERM into
        // cancellation of the token instead, which every command honours.
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException exception)
        {
            await error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return exception.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception exception) when (Environment.GetEnvironmentVariable("AUTOMIX_DEBUG") is null)
        {
            await error.WriteLineAsync($"internal error: {exception.GetType().Name}: {exception.Message} (set AUTOMIX_DEBUG=1 for the stack trace; please report this)").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
