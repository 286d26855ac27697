using System.Net;
using System.Text.Json;
using AutoMix.Server.Tests.Infrastructure;

namespace AutoMix.Server.Tests.Endpoints;

/// <summary>
/// One rule for model names: a step's "model" is the tier's model as the policy configures it (what /v1/models
/// lists), for every outcome; "backend_model" is what the backend's response said, null when none arrived.
/// The scripted tiers report "scripted", the policy configures "small-model" and "large-model".
/// </summary>
public sealed class ModelNameTests
{
    [Fact]
    public async Task Answered_steps_name_the_policy_model_and_the_backend_reported_one()
    {
        await using var server = await RunningServer.StartTwoTierAsync(new ScriptedTier("Lyon", verdictCorrect: false), new ScriptedTier("Paris"));

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var steps = body.RootElement.GetProperty("automix").GetProperty("steps");
        Assert.Equal(new (string, string?)[] { ("small-model", "scripted"), ("large-model", "scripted") }, Models(steps));
        Assert.Equal(await ListedTierModelsAsync(server), steps.EnumerateArray().Select(s => s.GetProperty("model").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_failed_step_names_the_policy_model_like_the_others_and_no_backend_model()
    {
        var large = new ScriptedTier("Paris") { Failure = new HttpRequestException("connection refused") };
        await using var server = await RunningServer.StartTwoTierAsync(new ScriptedTier("Lyon", verdictCorrect: false), large);

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var steps = body.RootElement.GetProperty("automix").GetProperty("steps");
        Assert.Equal(new (string, string?)[] { ("small-model", "scripted"), ("large-model", null) }, Models(steps));
        Assert.Equal("failed", steps[1].GetProperty("outcome").GetString());
        Assert.Equal(await ListedTierModelsAsync(server), steps.EnumerateArray().Select(s => s.GetProperty("model").GetString()!).ToArray());
    }

    [Fact]
    public async Task The_streamed_trace_follows_the_same_rule()
    {
        await using var server = await RunningServer.StartTwoTierAsync(new ScriptedTier("Lyon", verdictCorrect: false), new ScriptedTier("Paris"));

        using var response = await Http.PostChatAsync(server.Client, """{"model":"qa","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        var (events, done) = await Http.ReadEventsAsync(response);
        Assert.True(done);
        var steps = events.Single(e => e.TryGetProperty("automix", out _)).GetProperty("automix").GetProperty("steps");
        Assert.Equal(new (string, string?)[] { ("small-model", "scripted"), ("large-model", "scripted") }, Models(steps));
    }

    private static (string, string?)[] Models(JsonElement steps) =>
        steps.EnumerateArray().Select(s => (s.GetProperty("model").GetString()!, s.GetProperty("backend_model").GetString())).ToArray();

    private static async Task<string[]> ListedTierModelsAsync(RunningServer server)
    {
        using var response = await server.Client.GetAsync("/v1/models/qa");
        using var model = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return model.RootElement.GetProperty("automix").GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("model").GetString()!).ToArray();
    }
}
