using System.Net;
using System.Text;
using System.Text.Json;
using AutoMix.Testing.OpenAI;

namespace AutoMix.OpenAI.Tests;

/// <summary>The loopback server's own wire behaviour, checked with a plain HttpClient.</summary>
public sealed class LoopbackServerTests
{
    [Fact]
    public async Task ListsModelsAndBindsToLoopback()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(
            _ => ChatCompletionReply.Text("x"), new LoopbackOpenAIServerOptions { Models = ["small", "large"] });
        using var http = new HttpClient();

        using JsonDocument models = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.Endpoint, "models")));

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal(["small", "large"], models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task StreamsServerSentEventsEndingWithDone()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("one two"));
        using var http = new HttpClient();
        const string body = """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""";

        using HttpResponseMessage response = await http.PostAsync(
            new Uri(server.Endpoint, "chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        string[] events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        using JsonDocument usage = JsonDocument.Parse(events[^2]["data: ".Length..]);
        Assert.Equal(0, usage.RootElement.GetProperty("choices").GetArrayLength());
        Assert.Equal(2, usage.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task MalformedBodyIsA400InOpenAIErrorShape()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("x"));
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.PostAsync(
            new Uri(server.Endpoint, "chat/completions"), new StringContent("""{"messages":[]}""", Encoding.UTF8, "application/json"));
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("model", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task WrongApiKeyIsA401()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(
            _ => ChatCompletionReply.Text("x"), new LoopbackOpenAIServerOptions { RequiredApiKey = "right" });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Endpoint, "chat/completions"))
        {
            Content = new StringContent("""{"model":"m","messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer wrong", Assert.Single(server.Requests).Authorization);
    }
}
