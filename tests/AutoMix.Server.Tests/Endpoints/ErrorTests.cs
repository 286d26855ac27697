using System.Net;
using System.Text;
using System.Text.Json;
using AutoMix.Server.Tests.Infrastructure;

namespace AutoMix.Server.Tests.Endpoints;

/// <summary>Every refusal arrives in OpenAI's error shape with the right status and a message that says what to fix.</summary>
public sealed class ErrorTests : IAsyncLifetime
{
    private readonly ScriptedTier _small = new("Paris");
    private readonly ScriptedTier _large = new("Paris");
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartTwoTierAsync(_small, _large, o => o.MaxRequestBodyBytes = 4096);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Malformed_json_is_400_with_position()
    {
        using var response = await Http.PostChatAsync(_server.Client, """{"model":"qa","messages":[{"role":"user",}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("not valid JSON at line 1, byte ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal); // the position once, one convention
        Assert.DoesNotContain("BytePositionInLine", message, StringComparison.Ordinal);
        Assert.Equal(0, _small.TotalCalls);
    }

    [Fact]
    public async Task Error_bodies_are_readable_json_without_needless_escapes()
    {
        // System.Text.Json says "'x' is an invalid start of a value": the quotes must arrive as quotes.
        using var response = await Http.PostChatAsync(_server.Client, """{"model":"qa","messages":[{"role":"user","content":x}]}""");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("'", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003E", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_object_body_is_400()
    {
        using var response = await Http.PostChatAsync(_server.Client, "[1,2]");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be a JSON object", (await Http.ReadErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_404_listing_served_models()
    {
        using var response = await Http.PostChatAsync(_server.Client, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal("The model 'gpt-4o' is not served here. Served models: qa.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"model":"qa"}""", "'messages' is required")]
    [InlineData("""{"model":"qa","messages":null}""", "'messages' is required")]
    [InlineData("""{"model":"qa","messages":[]}""", "'messages' is empty")]
    [InlineData("""{"model":"qa","messages":"hi"}""", "'messages' must be an array")]
    [InlineData("""{"model":"qa","messages":[{"role":"system","content":"be brief"}]}""", "no user message")]
    [InlineData("""{"model":"qa","messages":[{"role":"tool","content":"x"}]}""", "'messages[0].role' is 'tool'")]
    [InlineData("""{"model":"qa","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", "only text parts are supported")]
    [InlineData("""{"model":"qa","messages":[{"role":"user"}]}""", "'messages[0].content' is required")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "'model' is required")]
    [InlineData("""{"model":"qa","temperature":5,"messages":[{"role":"user","content":"hi"}]}""", "'temperature' must be a number between 0 and 2")]
    [InlineData("""{"model":"qa","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "'max_tokens' must be a positive integer")]
    [InlineData("""{"model":"qa","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "'stream' must be true or false")]
    [InlineData("""{"model":"qa","n":3,"messages":[{"role":"user","content":"hi"}]}""", "Only n = 1 is supported")]
    [InlineData("""{"model":"qa","top_p":1.5,"messages":[{"role":"user","content":"hi"}]}""", "'top_p' must be a number between 0 and 1")]
    [InlineData("""{"model":"qa","stop":[1],"messages":[{"role":"user","content":"hi"}]}""", "'stop' must be a string or an array of up to 4 strings")]
    [InlineData("""{"model":"qa","seed":"x","messages":[{"role":"user","content":"hi"}]}""", "'seed' must be an integer")]
    [InlineData("""{"model":"qa","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""", "'tools' is not supported")]
    [InlineData("""{"model":"qa","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}""", "'response_format' other than")]
    public async Task Invalid_requests_are_400_naming_the_field(string body, string expected)
    {
        using var response = await Http.PostChatAsync(_server.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await Http.ReadErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _small.TotalCalls);
    }

    [Fact]
    public async Task Unknown_operating_point_is_400_listing_known_points()
    {
        using var response = await Http.PostChatAsync(_server.Client, Http.SimpleRequest, operatingPoint: "cheapest");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("unknown_operating_point", error.GetProperty("code").GetString());
        Assert.Equal("Policy 'qa' has no operating point 'cheapest'. Known operating points: default, economy.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_with_content_length()
    {
        var body = LongRequest(5000);

        using var response = await Http.PostChatAsync(_server.Client, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
        Assert.Contains("4096 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_when_chunked()
    {
        var bytes = Encoding.UTF8.GetBytes(LongRequest(5000));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            // A non-seekable stream of unknown length makes HttpClient send Transfer-Encoding: chunked.
            Content = new StreamContent(new UnknownLengthStream(bytes)),
        };
        request.Content.Headers.ContentType = new("application/json");

        using var response = await _server.Client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await Http.ReadErrorAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(null, "Missing API key")]
    [InlineData("sk-wrong", "Invalid API key.")]
    public async Task Missing_or_wrong_key_is_401(string? key, string expected)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = Http.Bearer(key);
        }

        using var chat = await Http.PostChatAsync(client, Http.SimpleRequest);
        using var models = await client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, chat.StatusCode);
        Assert.Equal("Bearer", chat.Headers.WwwAuthenticate.Single().Scheme);
        var error = await Http.ReadErrorAsync(chat);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.StartsWith(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        Assert.Equal(0, _small.TotalCalls);
    }

    [Fact]
    public async Task Non_bearer_scheme_is_401()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + RunningServer.ApiKey)));

        using var response = await Http.PostChatAsync(client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer scheme", (await Http.ReadErrorAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string LongRequest(int characters) =>
        "{\"model\":\"qa\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', characters) + "\"}]}";

    /// <summary>Forces chunked transfer: reads like a stream but cannot tell its length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
