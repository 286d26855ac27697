using System.Net;
using AutoMix.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AutoMix.Server.Tests.Endpoints;

/// <summary>Upstream failures, the request deadline, the concurrency limit and graceful shutdown, on the real server.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task Final_tier_failure_is_502_naming_the_tier()
    {
        var small = new ScriptedTier("Lyon", verdictCorrect: false);
        var large = new ScriptedTier("Paris") { Failure = new HttpRequestException("upstream answered 500 Internal Server Error") };
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("tier_failed", error.GetProperty("code").GetString());
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.StartsWith("Tier 'large' of policy 'qa' failed (upstream_unreachable). Request id ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream answered 500", message, StringComparison.Ordinal); // upstream details stay in the server log
    }

    [Fact]
    public async Task Streaming_final_tier_failure_before_any_text_is_still_a_502_status()
    {
        var small = new ScriptedTier("Lyon", verdictCorrect: false);
        var large = new ScriptedTier("Paris") { Failure = new HttpRequestException("connection refused") };
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        using var response = await Http.PostChatAsync(server.Client, """{"model":"qa","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Tier 'large'", (await Http.ReadErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_past_its_deadline_is_504()
    {
        var small = new ScriptedTier("Paris") { Gate = new TaskCompletionSource() };
        var large = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartTwoTierAsync(small, large, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("deadline_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("Policy 'qa' did not finish within the request deadline of 0.3 s.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Streaming_request_past_its_deadline_before_any_text_is_a_504_status()
    {
        var small = new ScriptedTier("Paris") { Gate = new TaskCompletionSource() };
        await using var server = await RunningServer.StartTwoTierAsync(small, new ScriptedTier("Paris"), o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        using var response = await Http.PostChatAsync(server.Client, """{"model":"qa","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("deadline_exceeded", (await Http.ReadErrorAsync(response)).GetProperty("code").GetString());
        await small.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Requests_beyond_the_concurrency_limit_get_429_with_retry_after()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var small = new ScriptedTier("Paris") { Gate = gate };
        var large = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartTwoTierAsync(small, large, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.RetryAfter = TimeSpan.FromSeconds(2);
        });

        var first = Http.PostChatAsync(server.Client, Http.SimpleRequest);
        await small.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var second = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), second.Headers.RetryAfter?.Delta);
        var error = await Http.ReadErrorAsync(second);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Contains("limit of 1 concurrent", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        gate.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        using var third = await Http.PostChatAsync(server.Client, Http.SimpleRequest);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);

        // The slot is released early and disposed again at the end: it must still count once, not twice.
        var secondGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        small.Gate = secondGate;
        var callsBefore = small.TotalCalls;
        var fourth = Http.PostChatAsync(server.Client, Http.SimpleRequest);
        for (var waited = 0; waited < 1000 && small.TotalCalls == callsBefore; waited++)
        {
            await Task.Delay(10);
        }

        Assert.NotEqual(callsBefore, small.TotalCalls);

        using var fifth = await Http.PostChatAsync(server.Client, Http.SimpleRequest);
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        secondGate.SetResult();
        using var fourthResponse = await fourth;
        Assert.Equal(HttpStatusCode.OK, fourthResponse.StatusCode);
    }

    [Fact]
    public async Task Shutdown_finishes_the_in_flight_request()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var small = new ScriptedTier("Paris") { Gate = gate };
        var large = new ScriptedTier("Paris");
        var server = await RunningServer.StartTwoTierAsync(small, large, o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        try
        {
            var inFlight = Http.PostChatAsync(server.Client, Http.SimpleRequest);
            await small.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

            var stopping = server.App.StopAsync();
            await Task.Delay(200);
            Assert.False(stopping.IsCompleted, "shutdown must wait for the in-flight request");
            gate.SetResult();

            using var response = await inFlight;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Paris", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Streaming_failure_after_text_started_ends_with_an_error_event_and_no_done()
    {
        var small = new ScriptedTier("Lyon", verdictCorrect: false);
        var large = new ScriptedTier("Paris is the capital") { StreamFailureAfterFirstWord = new HttpRequestException("connection reset by upstream") };
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        using var response = await Http.PostChatAsync(server.Client, """{"model":"qa","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (events, done) = await Http.ReadEventsAsync(response);
        Assert.False(done, "a failed stream must not claim completion with [DONE]");
        Assert.Equal("Paris", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        var error = events[^1].GetProperty("error");
        Assert.Equal("tier_failed", error.GetProperty("code").GetString());
        Assert.Contains("Tier 'large'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_served_client_without_an_automix_trace_is_a_500_saying_so()
    {
        var plain = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartAsync(o => o.Policies.Add(new AutoMix.Server.Configuration.ServedPolicy("qa", TestCascades.TwoTier(), plain)));

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("internal_error", error.GetProperty("code").GetString());
        Assert.Contains("policy 'qa' (InvalidOperationException)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_the_cascade()
    {
        var small = new ScriptedTier("Paris") { Gate = new TaskCompletionSource() };
        await using var server = await RunningServer.StartTwoTierAsync(small, new ScriptedTier("Paris"));
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = Http.Bearer(RunningServer.ApiKey);
        using var abandon = new CancellationTokenSource();

        var request = client.PostAsync("/v1/chat/completions", Http.Json(Http.SimpleRequest), abandon.Token);
        await small.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        abandon.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await small.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task With_a_queue_a_request_waits_for_a_slot_instead_of_429()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var small = new ScriptedTier("Paris") { Gate = gate };
        await using var server = await RunningServer.StartTwoTierAsync(small, new ScriptedTier("Paris"), o =>
        {
            o.MaxConcurrentRequests = 1;
            o.QueueLimit = 1;
        });

        var first = Http.PostChatAsync(server.Client, Http.SimpleRequest);
        await small.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = Http.PostChatAsync(server.Client, Http.SimpleRequest);
        var endpoint = server.App.Services.GetRequiredService<AutoMix.Server.Endpoints.ChatCompletionsEndpoint>();
        for (var waited = 0; waited < 1000 && endpoint.QueuedRequests == 0; waited++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, endpoint.QueuedRequests);
        using var overflow = await Http.PostChatAsync(server.Client, Http.SimpleRequest);
        Assert.Equal(HttpStatusCode.TooManyRequests, overflow.StatusCode);
        Assert.False(queued.IsCompleted, "the queued request must wait for the slot");

        gate.SetResult();
        using var firstResponse = await first;
        using var queuedResponse = await queued;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedResponse.StatusCode);
    }
}
