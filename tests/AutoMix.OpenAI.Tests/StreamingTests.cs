using Microsoft.Extensions.Time.Testing;
using AutoMix.OpenAI;
using AutoMix.Verification;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

public sealed class StreamingTests
{
    [Fact]
    public async Task StreamingHttpErrorIsAClearException()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Error(500, "model crashed"));
        using var client = ClientFactory.Create(server);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("q"))
            {
            }
        });

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("model crashed", error.ServerMessage);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingMidStreamStopsTheStream()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("a b c d e f") { Deltas = ["a ", "b ", "c ", "d ", "e ", "f"] })
                with { ChunkDelay = TimeSpan.FromSeconds(30) });
        using var client = ClientFactory.Create(server);
        using var cancellation = new CancellationTokenSource();

        var received = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("q", cancellationToken: cancellation.Token))
            {
                received.Add(update.Text);
                await cancellation.CancelAsync();
            }
        });

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"cancellation took {started.Elapsed}");
        Assert.Single(received);
    }

    [Fact]
    public async Task StalledStreamTimesOut()
    {
        // Deterministic: the stall is measured on a fake clock that moves only once the first chunk is observed, so
        // a slow machine cannot time out the connection or the first chunk (their real-time limit is 30 s).
        var clock = new FakeTimeProvider();
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("a b") { Deltas = ["a ", "b"] }) with { ChunkDelay = TimeSpan.FromSeconds(60) });
        using var client = ClientFactory.Create(server, options =>
        {
            options.Timeout = TimeSpan.FromSeconds(30);
            options.TimeProvider = clock;
        });

        var received = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("q"))
            {
                // The first chunk is in (the server then stalls for a minute): move the clock past the limit.
                received.Add(update.Text);
                clock.Advance(TimeSpan.FromSeconds(31));
            }
        });

        Assert.True(error.IsTimeout);
        Assert.Single(received);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"timed out by the 30 s network limit, not the idle limit ({started.Elapsed})");
    }
}
