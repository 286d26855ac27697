using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using AutoMix.Verification;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

public sealed class LogprobsTests
{
    private static readonly ReplyTokenLogprob[] YesTokens =
    [
        new("Yes", -0.105, [new ReplyTopLogprob("Yes", -0.105), new ReplyTopLogprob("No", -2.303), new ReplyTopLogprob("Maybe", -4.6)]),
        new(".", -0.01, [new ReplyTopLogprob(".", -0.01), new ReplyTopLogprob("!", -4.8)]),
    ];

    [Fact]
    public async Task LogprobsAndTopLogprobsAreRequestedAndParsed()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("Yes.") { Logprobs = YesTokens }));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [OpenAICompatibleChatClient.LogprobsKey] = true,
                [OpenAICompatibleChatClient.TopLogprobsKey] = 2,
            },
        };

        ChatResponse response = await client.GetResponseAsync("Is it correct?", options);

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.True(request.Logprobs);
        Assert.Equal(2, request.TopLogprobs);
        var logprobs = Assert.IsAssignableFrom<IReadOnlyList<TokenLogprob>>(response.AdditionalProperties![OpenAICompatibleChatClient.LogprobsKey]);
        Assert.Equal(2, logprobs.Count);
        Assert.Equal("Yes", logprobs[0].Token);
        Assert.Equal(-0.105, logprobs[0].Logprob, 6);
        Assert.Equal([("Yes", -0.105), ("No", -2.303)], logprobs[0].TopLogprobs.Select(t => (t.Token, t.Logprob)));
        Assert.Equal(".", logprobs[1].Token);
        Assert.Equal(-0.01, logprobs[1].Logprob, 6);
        Assert.Same(logprobs, response.Messages[0].AdditionalProperties![OpenAICompatibleChatClient.LogprobsKey]);
    }

    [Fact]
    public async Task TopLogprobsAloneImpliesLogprobs()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("Yes.") { Logprobs = YesTokens }));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [OpenAICompatibleChatClient.TopLogprobsKey] = 3 } };

        ChatResponse response = await client.GetResponseAsync("Is it correct?", options);

        Assert.True(Assert.Single(server.Requests).Logprobs);
        var logprobs = (IReadOnlyList<TokenLogprob>)response.AdditionalProperties![OpenAICompatibleChatClient.LogprobsKey]!;
        Assert.Equal(["Yes", "No", "Maybe"], logprobs[0].TopLogprobs.Select(t => t.Token));
    }

    [Fact]
    public async Task WithoutRequestNoLogprobsAreReturned()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.WithChoices(new ReplyChoice("Yes.") { Logprobs = YesTokens }));
        using var client = ClientFactory.Create(server);

        ChatResponse response = await client.GetResponseAsync("Is it correct?");

        Assert.False(Assert.Single(server.Requests).Logprobs);
        Assert.Null(response.AdditionalProperties?.GetValueOrDefault(OpenAICompatibleChatClient.LogprobsKey));
        Assert.False(response.Messages[0].AdditionalProperties?.ContainsKey(OpenAICompatibleChatClient.LogprobsKey) ?? false);
    }

    [Fact]
    public async Task EachChoiceCarriesItsOwnLogprobs()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.WithChoices(
            new ReplyChoice("Yes") { Logprobs = [new ReplyTokenLogprob("Yes", -0.2)] },
            new ReplyChoice("No") { Logprobs = [new ReplyTokenLogprob("No", -1.7)] }));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [OpenAICompatibleChatClient.ChoiceCountKey] = 2,
                [OpenAICompatibleChatClient.LogprobsKey] = true,
            },
        };

        ChatResponse response = await client.GetResponseAsync("Is it correct?", options);

        var first = (IReadOnlyList<TokenLogprob>)response.Messages[0].AdditionalProperties![OpenAICompatibleChatClient.LogprobsKey]!;
        var second = (IReadOnlyList<TokenLogprob>)response.Messages[1].AdditionalProperties![OpenAICompatibleChatClient.LogprobsKey]!;
        Assert.Equal("No", Assert.Single(second).Token);
        Assert.Equal(-1.7, second[0].Logprob, 6);
        Assert.Empty(second[0].TopLogprobs);
        Assert.Equal(-0.2, Assert.Single(first).Logprob, 6);
        Assert.Same(first, response.AdditionalProperties![OpenAICompatibleChatClient.LogprobsKey]);
    }

    [Fact]
    public async Task NonBoolLogprobsIsRejected()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("x"));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["logprobs"] = "yes" } };

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("q", options));
        Assert.Empty(server.Requests);
    }
}
