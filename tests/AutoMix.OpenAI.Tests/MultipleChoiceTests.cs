using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

public sealed class MultipleChoiceTests
{
    private static ChatOptions Samples(int n, float temperature = 1f, long? seed = null) => new()
    {
        Temperature = temperature,
        Seed = seed,
        AdditionalProperties = new AdditionalPropertiesDictionary { [OpenAICompatibleChatClient.ChoiceCountKey] = n },
    };

    [Fact]
    public async Task EightSamplesAreOneRequestWithNAndEightMessages()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            ChatCompletionReply.Samples(Enumerable.Range(0, request.ChoiceCount).Select(i => $"verdict {i}")) with { Usage = new ReplyUsage(30, 16) });
        using var client = ClientFactory.Create(server);

        ChatResponse response = await client.GetResponseAsync("Is the answer correct?", Samples(8));

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.Equal(8, request.N);
        Assert.Equal(8, response.Messages.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"verdict {i}"), response.Messages.Select(m => m.Text));
        Assert.All(response.Messages, message => Assert.Equal(ChatRole.Assistant, message.Role));
        Assert.Equal(8, response.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(30, response.Usage!.InputTokenCount);
        Assert.Equal(16, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task ChoicesAreOrderedByIndexWithTheirOwnFinishReasons()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.WithChoices(
            new ReplyChoice("a"),
            new ReplyChoice("b is long") { FinishReason = "length" },
            new ReplyChoice("c")));
        using var client = ClientFactory.Create(server);

        ChatResponse response = await client.GetResponseAsync("q", Samples(3));

        Assert.Equal(["a", "b is long", "c"], response.Messages.Select(m => m.Text));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(
            [ChatFinishReason.Stop, ChatFinishReason.Length, ChatFinishReason.Stop],
            response.Messages.Select(m => (ChatFinishReason)m.AdditionalProperties![OpenAICompatibleChatClient.FinishReasonKey]!));
    }

    [Fact]
    public async Task WithoutServerSupportEightConcurrentRequestsAreMerged()
    {
        int counter = 0;
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
        {
            int number = Interlocked.Increment(ref counter);
            return ChatCompletionReply.Text($"sample seed={request.Seed}") with { Usage = new ReplyUsage(10, number) };
        });
        using var client = ClientFactory.Create(server, options => options.SupportsMultipleChoices = false);

        ChatResponse response = await client.GetResponseAsync("Is the answer correct?", Samples(8, seed: 100));

        Assert.Equal(8, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Null(request.N));
        Assert.All(server.Requests, request => Assert.Equal(1.0, request.Temperature!.Value, 5));
        Assert.Equal(Enumerable.Range(100, 8).Select(seed => (long?)seed).Order(), server.Requests.Select(r => r.Seed).Order());
        Assert.Equal(8, response.Messages.Count);
        Assert.Equal(Enumerable.Range(100, 8).Select(seed => $"sample seed={seed}"), response.Messages.Select(m => m.Text));
        Assert.Equal(80, response.Usage!.InputTokenCount);
        Assert.Equal(Enumerable.Range(1, 8).Sum(), response.Usage.OutputTokenCount);
        Assert.Equal(80 + Enumerable.Range(1, 8).Sum(), response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task FallbackFailureSurfacesTheServerError()
    {
        int counter = 0;
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            Interlocked.Increment(ref counter) == 3
                ? ChatCompletionReply.Error(503, "overloaded")
                : ChatCompletionReply.Text("fine"));
        using var client = ClientFactory.Create(server, options => options.SupportsMultipleChoices = false);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q", Samples(4)));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("overloaded", error.ServerMessage);
    }

    [Fact]
    public async Task OneSampleSendsNoN()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("x"));
        using var client = ClientFactory.Create(server);

        ChatResponse response = await client.GetResponseAsync("q", Samples(1));

        Assert.Single(response.Messages);
        Assert.Null(Assert.Single(server.Requests).N);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public async Task NonPositiveNIsRejected(int n)
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("x"));
        using var client = ClientFactory.Create(server);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("q", Samples(n)));

        Assert.Contains("\"n\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task NonIntegerNIsRejected()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("x"));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["n"] = "eight" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("q", options));

        Assert.Contains("must be an integer", error.Message, StringComparison.Ordinal);
    }
}
