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
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("a b") { Deltas = ["a ", "b"] }) with { ChunkDelay = TimeSpan.FromSeconds(60) });
        using var client = ClientFactory.Create(server, options => options.Timeout = TimeSpan.FromMilliseconds(500));

        var received = new List<string>();
        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("q"))
            {
                received.Add(update.Text);
            }
        });

        Assert.True(error.IsTimeout);
        Assert.Single(received);
    }
}
