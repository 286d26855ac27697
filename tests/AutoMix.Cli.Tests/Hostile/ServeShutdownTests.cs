using System.Net;
using System.Text;
using AutoMix.Testing.OpenAI;
using Xunit;

namespace AutoMix.Cli.Tests.Hostile;

/// <summary>
/// SIGTERM with requests in flight, on a real process with a real signal: they finish (docs/serve.md promises
/// ShutdownTimeout, 30 s) and the process exits 0. Before the fix System.CommandLine killed it 2 s after the signal.
/// </summary>
public class ServeShutdownTests
{
    private const int InFlight = 5;

    [Fact]
    public async Task Sigterm_lets_in_flight_requests_finish_and_exits_0()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        var allWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await LoopbackOpenAIServer.StartAsync(async (request, cancellationToken) =>
        {
            if (request.Messages.Any(m => m.Content.Contains("Verdict", StringComparison.Ordinal)))
            {
                return ChatCompletionReply.Samples(Enumerable.Repeat("Verdict: correct", Math.Max(1, request.ChoiceCount)));
            }

            // Every answer of the small tier hangs here until the test has sent SIGTERM.
            if (Interlocked.Increment(ref waiting) == InFlight)
            {
                allWaiting.TrySetResult();
            }

            await release.Task.WaitAsync(cancellationToken);
            return ChatCompletionReply.Text("Paris");
        });
        using var serve = ServeProcess.Start(
            "--policy", CliRunner.Policy("quickstart.automix.yaml"),
            "--tier", $"small={upstream.Endpoint},small-model", "--tier", $"large={upstream.Endpoint},large-model",
            "--tier-timeout", "60");
        serve.WaitForLine("Application started", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(serve.Url), Timeout = TimeSpan.FromSeconds(60) };

        var requests = Enumerable.Range(0, InFlight).Select(i => http.PostAsync(
            "/v1/chat/completions",
            new StringContent($$"""{"model":"Quickstart","messages":[{"role":"user","content":"Question {{i}}?"}]}""", Encoding.UTF8, "application/json"))).ToArray();
        await allWaiting.Task.WaitAsync(TimeSpan.FromSeconds(60));

        serve.Signal("TERM");
        serve.WaitForLine("Application is shutting down", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than System.CommandLine's old 2 s termination timeout
        release.SetResult();

        var responses = await Task.WhenAll(requests);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        // Per-request logging is Debug: no ASP.NET Core request lines at the default level (issue 10, item 13).
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.Routing", serve.Output, StringComparison.Ordinal);
    }
}
