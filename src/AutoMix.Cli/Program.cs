using System;
using System.Runtime.InteropServices;
using System.Threading;
using AutoMix.Cli;

// Ctrl+C and SIGTERM cancel the running command: a half-written calibration is never left behind, and serve stops
// gracefully, letting in-flight requests finish.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await AutoMixCommandLine.InvokeAsync(args, Console.Out, Console.Error, cancellation.Token);
