using System.ClientModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMix.Server.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace AutoMix.Server.Tests.Endpoints;

/// <summary>The endpoint driven by the official OpenAI .NET client, as real callers will use it.</summary>
public sealed class ChatCompletionsTests
{
    private const int CallsWhenAccepted = 1 + TestCascades.VerifierSamples;

    private static ChatClient OpenAIClient(RunningServer server, string model = "qa") =>
        new(model, new ApiKeyCredential(RunningServer.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") });

    private static readonly global::OpenAI.Chat.ChatMessage[] Question =
    {
        new SystemChatMessage("Answer briefly."),
        new UserChatMessage("What is the capital of France?"),
    };

    [Fact]
    public async Task Accepted_small_answer_comes_back_with_headers_summed_usage_and_automix_field()
    {
        var small = new ScriptedTier("Paris", verdictCorrect: true);
        var large = new ScriptedTier("Paris, France");
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        var result = await OpenAIClient(server).CompleteChatAsync(Question);

        var completion = result.Value;
        Assert.Equal("Paris", Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("qa", completion.Model);
        Assert.Equal(CallsWhenAccepted * ScriptedTier.InputTokensPerCall, completion.Usage.InputTokenCount);
        Assert.Equal(CallsWhenAccepted * ScriptedTier.OutputTokensPerCall, completion.Usage.OutputTokenCount);
        Assert.Equal(CallsWhenAccepted * (ScriptedTier.InputTokensPerCall + ScriptedTier.OutputTokensPerCall), completion.Usage.TotalTokenCount);
        Assert.Equal(0, large.TotalCalls);

        var raw = result.GetRawResponse();
        Assert.Equal("small", HeaderOf(raw, "x-automix-tier"));
        Assert.Equal("1", HeaderOf(raw, "x-automix-confidence"));
        Assert.Equal(1.5, double.Parse(HeaderOf(raw, "x-automix-cost")!, CultureInfo.InvariantCulture));
        Assert.Equal("qa", HeaderOf(raw, "x-automix-policy"));
        Assert.Equal("default", HeaderOf(raw, "x-automix-operating-point"));

        using var body = JsonDocument.Parse(raw.Content.ToString());
        var automix = body.RootElement.GetProperty("automix");
        Assert.Equal("small", automix.GetProperty("tier").GetString());
        Assert.Equal(0, automix.GetProperty("tier_index").GetInt32());
        Assert.Equal(1.0, automix.GetProperty("confidence").GetDouble());
        Assert.Equal(1, automix.GetProperty("bin").GetInt32());
        Assert.Equal(1.5, automix.GetProperty("cost").GetDouble());
        var step = Assert.Single(automix.GetProperty("steps").EnumerateArray());
        Assert.Equal("accepted", step.GetProperty("outcome").GetString());
        Assert.Equal(TestCascades.VerifierSamples, step.GetProperty("verifier_samples").GetInt32());
        Assert.Equal(1, step.GetProperty("verifier_rounds").GetInt32());
    }

    [Fact]
    public async Task Rejected_small_answer_escalates_and_usage_counts_every_call_of_both_tiers()
    {
        var small = new ScriptedTier("Lyon", verdictCorrect: false);
        var large = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        var result = await OpenAIClient(server).CompleteChatAsync(Question);

        Assert.Equal("Paris", Assert.Single(result.Value.Content).Text);
        var calls = CallsWhenAccepted + 1;
        Assert.Equal(calls, small.TotalCalls + large.TotalCalls);
        Assert.Equal(calls * ScriptedTier.InputTokensPerCall, result.Value.Usage.InputTokenCount);
        Assert.Equal(calls * ScriptedTier.OutputTokensPerCall, result.Value.Usage.OutputTokenCount);
        var raw = result.GetRawResponse();
        Assert.Equal("large", HeaderOf(raw, "x-automix-tier"));
        Assert.Null(HeaderOf(raw, "x-automix-confidence"));
        Assert.Equal(11.5, double.Parse(HeaderOf(raw, "x-automix-cost")!, CultureInfo.InvariantCulture));

        using var body = JsonDocument.Parse(raw.Content.ToString());
        var automix = body.RootElement.GetProperty("automix");
        Assert.Equal(1, automix.GetProperty("escalations").GetInt32());
        var steps = automix.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(new[] { "routed", "answered" }, steps.Select(s => s.GetProperty("outcome").GetString()).ToArray());
        Assert.Equal(0.0, steps[0].GetProperty("confidence").GetDouble());
        Assert.Equal(0, steps[0].GetProperty("bin").GetInt32());
    }

    [Fact]
    public async Task Operating_point_header_selects_the_named_table()
    {
        var small = new ScriptedTier("Lyon", verdictCorrect: false);
        var large = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest, operatingPoint: "economy");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("economy", Http.Header(response, "x-automix-operating-point"));
        Assert.Equal("small", Http.Header(response, "x-automix-tier"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Lyon", body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("economy", body.RootElement.GetProperty("automix").GetProperty("operating_point").GetString());
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public async Task Streaming_with_the_openai_client_returns_the_answer_and_summed_usage()
    {
        var small = new ScriptedTier("The capital is Paris", verdictCorrect: true);
        var large = new ScriptedTier("unused");
        await using var server = await RunningServer.StartTwoTierAsync(small, large);

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in OpenAIClient(server).CompleteChatStreamingAsync(Question))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("The capital is Paris", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(CallsWhenAccepted * ScriptedTier.InputTokensPerCall, usage.InputTokenCount);
        Assert.Equal(CallsWhenAccepted * ScriptedTier.OutputTokensPerCall, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Streaming_never_leaks_a_rejected_answer_and_reports_routing_in_the_last_chunk()
    {
        var small = new ScriptedTier("Lyon is the capital", verdictCorrect: false);
        var large = new ScriptedTier("Paris is the capital");
        await using var server = await RunningServer.StartTwoTierAsync(small, large);
        const string body = """{"model":"qa","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"Capital of "},{"type":"text","text":"France?"}]}]}""";

        using var response = await Http.PostChatAsync(server.Client, body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("qa", Http.Header(response, "x-automix-policy"));
        var (events, done) = await Http.ReadEventsAsync(response);
        Assert.True(done, "the stream must end with data: [DONE]");
        var streamed = string.Concat(events
            .SelectMany(e => e.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : string.Empty));
        Assert.Equal("Paris is the capital", streamed);
        Assert.DoesNotContain("Lyon", streamed, StringComparison.Ordinal);
        Assert.All(events, e => Assert.Equal("chat.completion.chunk", e.GetProperty("object").GetString()));
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());

        var last = events[^1];
        Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var automix = last.GetProperty("automix");
        Assert.Equal("large", automix.GetProperty("tier").GetString());
        Assert.Equal(11.5, automix.GetProperty("cost").GetDouble());
        Assert.Equal(1, automix.GetProperty("escalations").GetInt32());
        Assert.All(events[..^1], e => Assert.False(e.TryGetProperty("automix", out _)));
    }

    [Fact]
    public async Task Streaming_with_include_usage_ends_with_a_usage_chunk_carrying_the_routing()
    {
        var small = new ScriptedTier("Paris", verdictCorrect: true);
        var large = new ScriptedTier("unused");
        await using var server = await RunningServer.StartTwoTierAsync(small, large);
        const string body = """{"model":"qa","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Capital of France?"}]}""";

        using var response = await Http.PostChatAsync(server.Client, body);
        var (events, done) = await Http.ReadEventsAsync(response);

        Assert.True(done);
        var last = events[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(CallsWhenAccepted * ScriptedTier.InputTokensPerCall, last.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal("small", last.GetProperty("automix").GetProperty("tier").GetString());
        Assert.Equal("stop", events[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Sampling_settings_reach_the_tier_answer_call()
    {
        var small = new ScriptedTier("Paris", verdictCorrect: true);
        await using var server = await RunningServer.StartTwoTierAsync(small, new ScriptedTier("unused"));
        const string body = """{"model":"qa","temperature":0.25,"top_p":0.5,"max_completion_tokens":42,"stop":["\n"],"seed":7,"user":"u-1","messages":[{"role":"user","content":"hi"}]}""";

        using var response = await Http.PostChatAsync(server.Client, body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var options = Assert.IsType<Microsoft.Extensions.AI.ChatOptions>(small.LastAnswerOptions);
        Assert.Equal(0.25f, options.Temperature);
        Assert.Equal(0.5f, options.TopP);
        Assert.Equal(42, options.MaxOutputTokens);
        Assert.Equal(new[] { "\n" }, options.StopSequences);
        Assert.Equal(7, options.Seed);
    }

    private static string? HeaderOf(System.ClientModel.Primitives.PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;
}
