using System.Net;
using System.Text;
using System.Text.Json;
using AutoMix.Testing.OpenAI;
using Xunit;

namespace AutoMix.Cli.Tests.Hostile;

/// <summary>Tiers are matched by name across policies, and a hanging tier times out and escalates.</summary>
public class ServeTierTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body, string? Tier)> AskAsync(HttpClient http, string model)
    {
        using var response = await http.PostAsync(
            "/v1/chat/completions",
            new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"What is the capital of France?"}]}""", Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body, response.Headers.TryGetValues("x-automix-tier", out var tier) ? tier.Single() : null);
    }

    [Fact]
    public async Task Policies_with_different_tier_sets_are_served_together()
    {
        await using var upstream = await LoopbackOpenAIServer.StartAsync(request =>
            request.Messages.Any(m => m.Content.Contains("Verdict", StringComparison.Ordinal))
                ? ChatCompletionReply.Samples(Enumerable.Repeat("Verdict: correct", Math.Max(1, request.ChoiceCount)))
                : ChatCompletionReply.Text("Paris"));
        using var serve = ServeProcess.Start(
            "--policy", CliRunner.Policy("quickstart.automix.yaml"), "--policy", CliRunner.Policy("three-tier.automix.yaml"),
            "--tier", $"small={upstream.Endpoint},small-model", "--tier", $"medium={upstream.Endpoint},medium-model", "--tier", $"large={upstream.Endpoint},large-model");
        serve.WaitForLine("Application started", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(serve.Url) };

        Assert.Equal(HttpStatusCode.OK, (await AskAsync(http, "Quickstart")).Status);
        Assert.Equal(HttpStatusCode.OK, (await AskAsync(http, "ThreeTierCascade")).Status);
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_tier_no_policy_has_is_a_clear_error()
    {
        var (code, _, error) = await CliRunner.RunAsync(
            "serve", "--policy", CliRunner.Policy("quickstart.automix.yaml"),
            "--tier", "small=http://127.0.0.1:1/v1,m", "--tier", "large=http://127.0.0.1:1/v1,m", "--tier", "huge=http://127.0.0.1:1/v1,m");

        Assert.Equal(2, code);
        Assert.Contains("--tier huge: no served policy has such a tier", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_small_tier_times_out_and_the_large_tier_answers()
    {
        await using var upstream = await LoopbackOpenAIServer.StartAsync(async (request, cancellationToken) =>
        {
            if (request.Model == "small-model")
            {
                await Task.Delay(Timeout.Infinite, cancellationToken); // hangs until the caller gives up
            }

            return ChatCompletionReply.Text("Paris");
        });
        using var serve = ServeProcess.Start(
            "--policy", CliRunner.Policy("quickstart.automix.yaml"),
            "--tier", $"small={upstream.Endpoint},small-model", "--tier", $"large={upstream.Endpoint},large-model",
            "--tier-timeout", "small=1");
        serve.WaitForLine("Application started", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(serve.Url), Timeout = TimeSpan.FromSeconds(60) };

        var (status, body, tier) = await AskAsync(http, "Quickstart");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("large", tier);
        Assert.Equal("tier_timeout", body.GetProperty("automix").GetProperty("steps")[0].GetProperty("error").GetString());
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
