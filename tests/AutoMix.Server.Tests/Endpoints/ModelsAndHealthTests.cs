using System.ClientModel;
using System.Net;
using System.Text.Json;
using AutoMix.Server.Tests.Infrastructure;
using OpenAI;
using OpenAI.Models;

namespace AutoMix.Server.Tests.Endpoints;

public sealed class ModelsAndHealthTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartTwoTierAsync(new ScriptedTier("a"), new ScriptedTier("b"));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Openai_client_lists_each_policy_as_a_model()
    {
        var client = new OpenAIModelClient(new ApiKeyCredential(RunningServer.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(_server.BaseUrl + "/v1") });

        var models = (await client.GetModelsAsync()).Value;

        var model = Assert.Single(models);
        Assert.Equal("qa", model.Id);
        Assert.Equal("automix", model.OwnedBy);
    }

    [Fact]
    public async Task Model_listing_carries_operating_points_and_tiers()
    {
        using var response = await _server.Client.GetAsync("/v1/models");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("list", body.RootElement.GetProperty("object").GetString());
        var automix = body.RootElement.GetProperty("data")[0].GetProperty("automix");
        Assert.Equal(new[] { "default", "economy" }, automix.GetProperty("operating_points").EnumerateArray().Select(p => p.GetString()).ToArray());
        Assert.Equal(new[] { "small", "large" }, automix.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToArray());
    }

    [Fact]
    public async Task Single_model_lookup_and_unknown_model()
    {
        using var known = await _server.Client.GetAsync("/v1/models/qa");
        using var unknown = await _server.Client.GetAsync("/v1/models/nope");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        using var body = JsonDocument.Parse(await known.Content.ReadAsStringAsync());
        Assert.Equal("qa", body.RootElement.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Served models: qa", (await Http.ReadErrorAsync(unknown)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_needs_no_key_and_lists_policies()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };

        using var response = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        var policy = Assert.Single(body.RootElement.GetProperty("policies").EnumerateArray());
        Assert.Equal("qa", policy.GetProperty("name").GetString());
        Assert.Equal(2, policy.GetProperty("tiers").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/v1/chat/completions")]
    [InlineData("POST", "/v1/completions")]
    [InlineData("POST", "/v1/embeddings")]
    public async Task Other_v1_paths_get_an_openai_shaped_404(string method, string path)
    {
        using var response = await _server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("unknown_url", error.GetProperty("code").GetString());
        Assert.StartsWith($"There is no endpoint {method} {path}. This server serves POST /v1/chat/completions", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
