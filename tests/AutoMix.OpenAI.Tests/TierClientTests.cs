using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

/// <summary>What <see cref="OpenAITierClient"/> adds to the official client: authentication, option checks, no cascade keys on the wire.</summary>
public sealed class TierClientTests
{
    [Fact]
    public async Task CascadeMarkersAreNotSentToTheServer()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [AutoMixRequestProperties.Purpose] = AutoMixRequestProperties.VerificationPurpose,
                [AutoMixRequestProperties.Tier] = "small",
                [AutoMixRequestProperties.SampleIndex] = 3,
                [AutoMixRequestProperties.Question] = "Hi",
                ["automix.operating_point"] = "cheap",
                ["min_p"] = 0.05,
            },
        };

        await client.GetResponseAsync("Hi", options);

        ChatCompletionRequest request = Assert.Single(server.Requests);
        // The official client sends no AdditionalProperties at all; server-specific fields go through RawRepresentationFactory.
        Assert.DoesNotContain("automix", request.RawJson, StringComparison.Ordinal);
        Assert.Null(request.GetProperty("min_p"));
    }

    [Fact]
    public async Task ApiKeyIsSentAsBearerToken()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(
            _ => ChatCompletionReply.Text("ok"), new LoopbackOpenAIServerOptions { RequiredApiKey = "sk-test-123" });
        using var client = ClientFactory.Create(server, options => options.ApiKey = "sk-test-123");

        ChatResponse response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal("Bearer sk-test-123", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task WithoutApiKeyNoAuthorizationHeaderIsSent()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server);

        await client.GetResponseAsync("Hi");

        Assert.Null(Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => OpenAITierClient.Create(new OpenAICompatibleClientOptions { Endpoint = new Uri("http://127.0.0.1:1/v1") }));
        Assert.Throws<ArgumentException>(() => OpenAITierClient.Create(new OpenAICompatibleClientOptions()));
        Assert.Throws<ArgumentException>(() => OpenAITierClient.Create(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri("ftp://example.com/v1"),
        }));
        Assert.Throws<ArgumentException>(() => OpenAITierClient.Create(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/v1"),
            MaxRetries = -1,
        }));
        Assert.Throws<ArgumentException>(() => OpenAITierClient.Create(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/v1"),
            Timeout = TimeSpan.Zero,
        }));
    }
}
