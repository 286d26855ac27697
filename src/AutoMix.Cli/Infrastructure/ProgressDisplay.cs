using System;
using System.IO;
using System.Threading.Tasks;
using Spectre.Console;

namespace AutoMix.Cli.Infrastructure;

/// <summary>
/// A progress bar on stderr for long commands, only on a real terminal: when stderr is redirected or captured
/// (pipes, CI logs, in-process tests) the work runs without one, so logs stay free of control sequences.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliContext context, string description, Func<IProgress<(int Done, int Total)>?, Task<T>> work)
    {
        if (!IsTerminal(context.Error, Console.Error, Console.IsErrorRedirected))
        {
            return await work(null).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        T result = default!;
        await console.Progress().AutoClear(true).StartAsync(async progressContext =>
        {
            var task = progressContext.AddTask(description, autoStart: true, maxValue: 1);
            var progress = new Progress<(int Done, int Total)>(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            });
            result = await work(progress).ConfigureAwait(false);
            task.Value = task.MaxValue;
        }).ConfigureAwait(false);
        return result;
    }

    /// <summary>True when <paramref name="writer"/> is the process's own console stream and that stream is not redirected.</summary>
    public static bool IsTerminal(TextWriter writer, TextWriter console, bool redirected) => ReferenceEquals(writer, console) && !redirected;
}
