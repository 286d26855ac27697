using System;
using System.Threading;
using AutoMix.Cli;

// Ctrl+C cancels the running command (a half-written calibration is never left behind).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await AutoMixCommandLine.InvokeAsync(args, Console.Out, Console.Error, cancellation.Token);
