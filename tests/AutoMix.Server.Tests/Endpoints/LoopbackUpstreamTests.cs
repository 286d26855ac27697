using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using AutoMix.OpenAI;
using AutoMix.Server.Configuration;
using AutoMix.Server.Tests.Infrastructure;
using AutoMix.Testing.OpenAI;
using OpenAI;
using OpenAI.Chat;

namespace AutoMix.Server.Tests.Endpoints;

/// <summary>
/// The whole path over real HTTP twice: OpenAI client -> AutoMix server -> cascade -> official OpenAI client (OpenAITierClient)
/// tiers -> loopback OpenAI-compatible upstreams.
/// </summary>
public sealed class LoopbackUpstreamTests
{
    private static readonly ReplyUsage UpstreamUsage = new(7, 2);

    /// <summary>An upstream that answers task prompts with <paramref name="answer"/> and verification prompts with the verdict.</summary>
    private static Task<LoopbackOpenAIServer> StartUpstreamAsync(string answer, bool verdictCorrect) =>
        LoopbackOpenAIServer.StartAsync(request =>
        {
            var isVerification = request.Messages.Any(m => m.Content.Contains("Verdict", StringComparison.Ordinal));
            var text = isVerification ? "Reasoning: compared.\nVerdict: " + (verdictCorrect ? "correct" : "incorrect") : answer;
            return ChatCompletionReply.Samples(Enumerable.Repeat(text, request.ChoiceCount)) with { Usage = UpstreamUsage };
        });

    private static Task<RunningServer> StartServerAsync(LoopbackOpenAIServer small, LoopbackOpenAIServer large) =>
        RunningServer.StartAsync(options => options.Policies.Add(ServedPolicy.WithOpenAIBackends(
            TestCascades.TwoTier(),
            new Dictionary<string, OpenAICompatibleClientOptions>
            {
                ["small"] = new() { Endpoint = small.Endpoint, MaxRetries = 0, Timeout = TimeSpan.FromSeconds(20) },
                ["large"] = new() { Endpoint = large.Endpoint, MaxRetries = 0, Timeout = TimeSpan.FromSeconds(20) },
            })));

    [Fact]
    public async Task Escalation_through_real_upstreams_sums_usage_of_every_upstream_call()
    {
        await using var small = await StartUpstreamAsync("Lyon", verdictCorrect: false);
        await using var large = await StartUpstreamAsync("Paris", verdictCorrect: true);
        await using var server = await StartServerAsync(small, large);
        var client = new ChatClient("qa", new ApiKeyCredential(RunningServer.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") });

        var result = await client.CompleteChatAsync(new UserChatMessage("What is the capital of France?"));

        Assert.Equal("Paris", Assert.Single(result.Value.Content).Text);
        var upstreamCalls = small.Requests.Count + large.Requests.Count;
        Assert.Single(large.Requests);
        Assert.Equal("large-model", large.Requests[0].Model);
        Assert.Equal("small-model", small.Requests[0].Model);
        var upstreamChoices = small.Requests.Sum(r => r.ChoiceCount) + large.Requests.Sum(r => r.ChoiceCount);
        Assert.True(upstreamCalls >= 2);
        Assert.Equal(upstreamCalls * UpstreamUsage.PromptTokens, result.Value.Usage.InputTokenCount);
        Assert.Equal(upstreamCalls * UpstreamUsage.CompletionTokens, result.Value.Usage.OutputTokenCount);
        Assert.Equal(1 + TestCascades.VerifierSamples + 1, upstreamChoices);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-automix-tier", out var tier));
        Assert.Equal("large", tier);
    }

    [Fact]
    public async Task Streaming_through_real_upstreams_streams_only_the_final_answer()
    {
        await using var small = await StartUpstreamAsync("Lyon is the capital", verdictCorrect: false);
        await using var large = await StartUpstreamAsync("Paris is the capital", verdictCorrect: true);
        await using var server = await StartServerAsync(small, large);
        var client = new ChatClient("qa", new ApiKeyCredential(RunningServer.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") });

        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync(new UserChatMessage("What is the capital of France?")))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("Paris is the capital", text.ToString());
    }

    [Fact]
    public async Task Upstream_http_error_on_the_final_tier_is_502_naming_the_tier()
    {
        await using var small = await StartUpstreamAsync("Lyon", verdictCorrect: false);
        await using var large = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Error(503, "large model is overloaded"));
        await using var server = await StartServerAsync(small, large);

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = body.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.StartsWith("Tier 'large' of policy 'qa' failed (upstream_status_503).", message, StringComparison.Ordinal);
        Assert.DoesNotContain("overloaded", message, StringComparison.Ordinal); // upstream details stay in the server log
        var steps = body.RootElement.GetProperty("automix").GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()).ToArray();
        Assert.Equal(new[] { "routed", "failed" }, steps);
    }
}
