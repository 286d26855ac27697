using System.Text.Json;
using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

public sealed class CompletionTests
{
    [Fact]
    public async Task PlainCompletionMapsTextMetadataAndUsage()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("Paris is the capital.") with
        {
            Id = "chatcmpl-42",
            Created = 1_700_000_000,
            Model = "small-model-2024",
            Usage = new ReplyUsage(11, 5),
        });
        using var client = ClientFactory.Create(server);

        ChatResponse response = await client.GetResponseAsync("What is the capital of France?");

        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("Paris is the capital.", message.Text);
        Assert.Equal("chatcmpl-42", response.ResponseId);
        Assert.Equal("small-model-2024", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
        Assert.Equal(11, response.Usage.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(16, response.Usage.TotalTokenCount);
        Assert.Null(response.AdditionalProperties?.GetValueOrDefault(OpenAICompatibleChatClient.LogprobsKey));

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.Equal(ClientFactory.Model, request.Model);
        Assert.Equal([new RequestMessage("user", "What is the capital of France?")], request.Messages);
        Assert.Null(request.N);
        Assert.False(request.Stream);
        Assert.False(request.Logprobs);
    }

    [Fact]
    public async Task SystemUserAndAssistantMessagesKeepRoleAndOrder()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server);
        ChatMessage[] conversation =
        [
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "Hi"),
            new(ChatRole.Assistant, "Hello."),
            new(ChatRole.User, "Answer: 2+2?"),
        ];

        await client.GetResponseAsync(conversation, new ChatOptions { Instructions = "Answer in English." });

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.Equal(
            [
                new RequestMessage("system", "Answer in English."),
                new RequestMessage("system", "You are terse."),
                new RequestMessage("user", "Hi"),
                new RequestMessage("assistant", "Hello."),
                new RequestMessage("user", "Answer: 2+2?"),
            ],
            request.Messages);
    }

    [Fact]
    public async Task ChatOptionsAreSentAsRequestFields()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("{}"));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions
        {
            ModelId = "large-model",
            Temperature = 0.7f,
            MaxOutputTokens = 64,
            TopP = 0.9f,
            Seed = 1234,
            StopSequences = ["\n\n", "END"],
            ResponseFormat = ChatResponseFormat.Json,
        };

        await client.GetResponseAsync("Give JSON.", options);

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.Equal("large-model", request.Model);
        Assert.Equal(0.7, request.Temperature!.Value, 5);
        Assert.Equal(64, request.MaxTokens);
        Assert.Equal(0.9, request.TopP!.Value, 5);
        Assert.Equal(1234L, request.Seed);
        Assert.Equal(["\n\n", "END"], request.Stop);
        Assert.Equal("json_object", request.ResponseFormatType);
    }

    [Fact]
    public async Task JsonSchemaResponseFormatIsSent()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("{\"ok\":true}"));
        using var client = ClientFactory.Create(server);
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","properties":{"ok":{"type":"boolean"}}}""");

        await client.GetResponseAsync("Give JSON.", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "verdict") });

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.Equal("json_schema", request.ResponseFormatType);
        JsonElement format = request.GetProperty("response_format")!.Value.GetProperty("json_schema");
        Assert.Equal("verdict", format.GetProperty("name").GetString());
        Assert.Equal("boolean", format.GetProperty("schema").GetProperty("properties").GetProperty("ok").GetProperty("type").GetString());
    }

    [Fact]
    public async Task TopKAndUnknownAdditionalPropertiesArePassedThrough()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server);
        var options = new ChatOptions
        {
            TopK = 40,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["repetition_penalty"] = 1.1, ["min_p"] = 0.05 },
        };

        await client.GetResponseAsync("Hi", options);

        ChatCompletionRequest request = Assert.Single(server.Requests);
        Assert.Equal(40, request.GetProperty("top_k")!.Value.GetInt32());
        Assert.Equal(1.1, request.GetProperty("repetition_penalty")!.Value.GetDouble(), 10);
        Assert.Equal(0.05, request.GetProperty("min_p")!.Value.GetDouble(), 10);
    }

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
        Assert.DoesNotContain("automix", request.RawJson, StringComparison.Ordinal);
        Assert.Equal(0.05, request.GetProperty("min_p")!.Value.GetDouble(), 10);
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
    public async Task GetServiceReturnsMetadataAndSelf()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server);

        ChatClientMetadata? metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("openai-compatible", metadata.ProviderName);
        Assert.Equal(server.Endpoint, metadata.ProviderUri);
        Assert.Equal(ClientFactory.Model, metadata.DefaultModelId);
        Assert.Same(client, client.GetService<OpenAICompatibleChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
        Assert.Null(client.GetService<JsonDocument>());
    }

    [Fact]
    public async Task FinishReasonLengthIsMapped()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("cut off", "length"));
        using var client = ClientFactory.Create(server);

        ChatResponse response = await client.GetResponseAsync("Write a novel.");

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(ChatFinishReason.Length, response.Messages[0].AdditionalProperties![OpenAICompatibleChatClient.FinishReasonKey]);
    }

    [Fact]
    public async Task MissingModelIsAClearError()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server, options => options.DefaultModelId = null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Hi"));

        Assert.Contains("ModelId", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task NonTextContentIsRejectedBeforeSending()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server);
        var message = new ChatMessage(ChatRole.User, [new TextContent("Look:"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([message]));

        Assert.Contains("DataContent", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new OpenAICompatibleChatClient(new OpenAICompatibleClientOptions()));
        Assert.Throws<ArgumentException>(() => new OpenAICompatibleChatClient(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri("ftp://example.com/v1"),
        }));
        Assert.Throws<ArgumentException>(() => new OpenAICompatibleChatClient(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/v1"),
            MaxRetries = -1,
        }));
        Assert.Throws<ArgumentException>(() => new OpenAICompatibleChatClient(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/v1"),
            Timeout = TimeSpan.Zero,
        }));
    }
}
