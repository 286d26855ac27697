using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AutoMix.Testing.OpenAI;
using Xunit;

namespace AutoMix.Cli.Tests;

public class ServeCommandTests
{
    [Fact]
    public async Task Serves_a_policy_over_upstream_tiers_and_stops_on_cancellation()
    {
        // Upstream tiers on loopback: the small model answers and judges itself correct, so the cascade keeps it.
        await using var upstream = await LoopbackOpenAIServer.StartAsync(request =>
            request.Messages.Any(m => m.Content.Contains("Verdict", StringComparison.Ordinal))
                ? ChatCompletionReply.Samples(Enumerable.Repeat("The context says so.\nVerdict: correct", Math.Max(1, request.ChoiceCount)))
                : ChatCompletionReply.Text(request.Model == "small-model" ? "Paris" : "Paris (large)"));
        var url = $"http://127.0.0.1:{FreePort()}";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new StringWriter();
        var error = new StringWriter();
        var serving = Task.Run(() => AutoMixCommandLine.InvokeAsync(
            ["serve", "--policy", CliRunner.Policy("quickstart.automix.yaml"),
             "--tier", $"small={upstream.Endpoint},small-model", "--tier", $"large={upstream.Endpoint},large-model", "--urls", url],
            output, error, stop.Token));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await WaitUntilHealthyAsync(http, serving, error);

        var body = new StringContent("""{"model":"Quickstart","messages":[{"role":"user","content":"What is the capital of France?"}]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/v1/chat/completions", body);
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("small", response.Headers.GetValues("x-automix-tier").Single());
        Assert.Equal("Paris", JsonDocument.Parse(json).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        await stop.CancelAsync();
        Assert.Equal(0, await serving);
        Assert.Contains("Serving Quickstart on " + url, output.ToString());
    }

    [Fact]
    public async Task A_port_in_use_is_a_one_line_error_with_exit_code_2_and_no_serving_line()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)occupant.LocalEndpoint).Port}";

        var (code, output, error) = await CliRunner.RunAsync(
            "serve", "--policy", CliRunner.Policy("quickstart.automix.yaml"),
            "--tier", "small=http://127.0.0.1:1/v1,m", "--tier", "large=http://127.0.0.1:1/v1,m", "--urls", url);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: cannot listen on {url}: ", error, StringComparison.Ordinal);
        Assert.Contains("choose another with --urls", error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Serving", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_tier_without_a_backend_is_a_clear_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("serve", "--policy", CliRunner.Policy("quickstart.automix.yaml"), "--tier", "small=http://127.0.0.1:1/v1,m");
        Assert.Equal(2, code);
        Assert.Contains("needs a --tier for large", error);
    }

    [Theory]
    [InlineData("small", "not of the form name=<url>,<model>")]
    [InlineData("small=ftp://host/v1,m", "is not an http(s) URL")]
    public async Task Malformed_tiers_are_rejected(string tier, string message)
    {
        var (code, _, error) = await CliRunner.RunAsync("serve", "--policy", CliRunner.Policy("quickstart.automix.yaml"), "--tier", tier);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Task<int> serving, StringWriter error)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (serving.IsCompleted)
            {
                Assert.Fail($"serve exited with {await serving}: {error}");
            }

            try
            {
                using var health = await http.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail("serve did not become healthy within 30 s: " + error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
