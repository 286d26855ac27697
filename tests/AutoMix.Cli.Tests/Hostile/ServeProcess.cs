using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace AutoMix.Cli.Tests.Hostile;

/// <summary>`automix serve` as a real process (the built AutoMix.Cli.dll beside the tests), with its output collected line by line.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _all = new();

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }

    public int Id => _process.Id;

    /// <summary>Everything printed so far (stdout and stderr).</summary>
    public string Output => string.Join("\n", _all);

    public static ServeProcess Start(params string[] serveArguments)
    {
        var url = "http://127.0.0.1:" + FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AutoMix.Cli.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in serveArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["NO_COLOR"] = "1";
        return new ServeProcess(Process.Start(start)!, url);
    }

    /// <summary>Waits for a line containing <paramref name="text"/> (already printed or still to come).</summary>
    public void WaitForLine(string text, TimeSpan timeout)
    {
        if (_all.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            return;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            foreach (var line in _lines.GetConsumingEnumerable(cancel.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"serve printed no line with '{text}' within {timeout}; output so far:\n{Output}");
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _all.Enqueue(line);
            _lines.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
