using AutoMix.OpenAI;
using AutoMix.Verification;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

public sealed class StreamingTests
{
    [Fact]
    public async Task DeltasArriveInOrderFollowedByUsage()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("The answer is 42.") { Deltas = ["The", " answer", " is", " 42", "."] })
                with { Id = "chatcmpl-stream", Usage = new ReplyUsage(9, 5), ChunkDelay = TimeSpan.FromMilliseconds(5) });
        using var client = ClientFactory.Create(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("What is the answer?"))
        {
            updates.Add(update);
        }

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(["The", " answer", " is", " 42", "."], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.All(updates, update => Assert.Equal("chatcmpl-stream", update.ResponseId));
        Assert.All(updates, update => Assert.Equal(ChatRole.Assistant, update.Role));
        Assert.Equal(ChatFinishReason.Stop, Assert.Single(updates, u => u.FinishReason is not null).FinishReason);

        UsageContent usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(9, usage.Details.InputTokenCount);
        Assert.Equal(5, usage.Details.OutputTokenCount);
        Assert.Equal(14, usage.Details.TotalTokenCount);
        Assert.Same(usage, updates[^1].Contents.OfType<UsageContent>().SingleOrDefault());

        ChatResponse combined = updates.ToChatResponse();
        Assert.Equal("The answer is 42.", combined.Text);
        Assert.Equal(14, combined.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, combined.FinishReason);
    }

    [Fact]
    public async Task StreamedLogprobsAreAttachedToTheirChunks()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.WithChoices(
            new ReplyChoice("Yes.") { Logprobs = [new ReplyTokenLogprob("Yes", -0.1), new ReplyTokenLogprob(".", -0.01)] }));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [OpenAICompatibleChatClient.LogprobsKey] = true } };

        var tokens = new List<TokenLogprob>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Correct?", options))
        {
            if (update.AdditionalProperties?.TryGetValue(OpenAICompatibleChatClient.LogprobsKey, out object? value) == true)
            {
                tokens.AddRange((IReadOnlyList<TokenLogprob>)value!);
            }
        }

        Assert.Equal(["Yes", "."], tokens.Select(t => t.Token));
        Assert.Equal(-0.1, tokens[0].Logprob, 6);
    }

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
    public async Task StreamingSeveralChoicesIsRejected()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("x"));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [OpenAICompatibleChatClient.ChoiceCountKey] = 4 } };

        await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("q", options))
            {
            }
        });
        Assert.Empty(server.Requests);
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
