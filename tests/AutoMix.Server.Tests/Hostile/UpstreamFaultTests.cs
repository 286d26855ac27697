using System.Net;
using System.Text.Json;
using AutoMix.OpenAI;
using AutoMix.Server.Configuration;
using AutoMix.Server.Tests.Infrastructure;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.Logging;

namespace AutoMix.Server.Tests.Hostile;

/// <summary>
/// A failing upstream's URL, error body and key never reach a client: it gets a stable code, the tier name and a
/// request id. The server log gets the details, with the keys redacted.
/// </summary>
public sealed class UpstreamFaultTests
{
    private const string UpstreamKey = "sk-upstream-4f9a8b7c6d5e";
    private const string EchoedKeyMessage = "Incorrect API key provided: " + UpstreamKey + ". Find your key at https://example.invalid/keys.";
    private const string HtmlPage = "<html><body><h1>502 Bad Gateway</h1><pre>Traceback (most recent call last):\n  File \"/srv/app/secret_internal_path.py\", line 12</pre></body></html>";

    public static TheoryData<string, int, string> Faults() => new()
    {
        { "echoed key", 401, "upstream_status_401" },
        { "html page", 500, "upstream_status_500" },
    };

    private static ChatCompletionReply Fault(string kind) => kind == "echoed key"
        ? ChatCompletionReply.Error(401, EchoedKeyMessage, "invalid_request_error", "invalid_api_key")
        : ChatCompletionReply.Error(500, HtmlPage);

    private static async Task<(RunningServer Server, CapturingLoggerProvider Logs)> StartAsync(LoopbackOpenAIServer small, LoopbackOpenAIServer large)
    {
        var logs = new CapturingLoggerProvider();
        var server = await RunningServer.StartAsync(
            options =>
            {
                options.Secrets.Add(UpstreamKey);
                options.Policies.Add(ServedPolicy.WithOpenAIBackends(
                    TestCascades.TwoTier(),
                    new Dictionary<string, OpenAICompatibleClientOptions>
                    {
                        ["small"] = new() { Endpoint = small.Endpoint, ApiKey = UpstreamKey, MaxRetries = 0, Timeout = TimeSpan.FromSeconds(20) },
                        ["large"] = new() { Endpoint = large.Endpoint, ApiKey = UpstreamKey, MaxRetries = 0, Timeout = TimeSpan.FromSeconds(20) },
                    }));
            },
            builder => builder.Logging.AddProvider(logs));
        return (server, logs);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failing_final_tier_is_a_502_with_a_code_the_tier_and_the_request_id_only(string kind, int status, string code)
    {
        await using var small = await LoopbackOpenAIServer.StartAsync(request =>
            request.Messages.Any(m => m.Content.Contains("Verdict", StringComparison.Ordinal))
                ? ChatCompletionReply.Samples(Enumerable.Repeat("Verdict: incorrect", request.ChoiceCount))
                : ChatCompletionReply.Text("Lyon"));
        await using var large = await LoopbackOpenAIServer.StartAsync(_ => Fault(kind));
        var (server, logs) = await StartAsync(small, large);
        await using var _ = server;

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var requestId = Http.Header(response, "x-request-id");
        Assert.False(string.IsNullOrEmpty(requestId));
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("tier_failed", error.GetProperty("code").GetString());
        Assert.Equal($"Tier 'large' of policy 'qa' failed ({code}). Request id {requestId}; the server log has the details.", error.GetProperty("message").GetString());
        AssertNoInternals(body, large, status);

        var log = string.Join("\n", logs.Records.Select(r => r.Message));
        Assert.Contains(requestId!, log, StringComparison.Ordinal);
        Assert.Contains(large.Endpoint.ToString(), log, StringComparison.Ordinal); // the operator sees where it failed
        Assert.DoesNotContain(UpstreamKey, log, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failing_small_tier_that_escalates_reports_only_its_code_in_the_steps(string kind, int status, string code)
    {
        await using var small = await LoopbackOpenAIServer.StartAsync(_ => Fault(kind));
        await using var large = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("Paris"));
        var (server, _) = await StartAsync(small, large);
        await using var _ = server;

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var steps = JsonDocument.Parse(body).RootElement.GetProperty("automix").GetProperty("steps");
        Assert.Equal(code, steps[0].GetProperty("error").GetString());
        AssertNoInternals(body, small, status);
    }

    private static void AssertNoInternals(string body, LoopbackOpenAIServer upstream, int status)
    {
        Assert.DoesNotContain(UpstreamKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-upstream", body, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.BaseAddress.Authority, body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret_internal_path", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Incorrect API key", body, StringComparison.Ordinal);
        Assert.True(status > 0);
    }
}
