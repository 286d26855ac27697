using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AutoMix.Server.Tests.Infrastructure;

/// <summary>Raw HTTP helpers for the error-path tests, where the exact status, headers and body matter.</summary>
public static class Http
{
    public const string SimpleRequest = """{"model":"qa","messages":[{"role":"user","content":"What is the capital of France?"}]}""";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostChatAsync(HttpClient client, string json, string? operatingPoint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(json) };
        if (operatingPoint is not null)
        {
            request.Headers.Add("x-automix-operating-point", operatingPoint);
        }

        return client.SendAsync(request);
    }

    /// <summary>Reads an OpenAI error body and checks its shape: {"error": {message, type, param, code}}.</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        return error.Clone();
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The JSON payloads of a server-sent-event stream, in order, up to (not including) "[DONE]"; done tells whether it came.</summary>
    public static async Task<(List<JsonElement> Events, bool Done)> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<JsonElement>();
        var text = await response.Content.ReadAsStringAsync();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block, StringComparison.Ordinal);
            var payload = block["data: ".Length..];
            if (payload == "[DONE]")
            {
                return (events, true);
            }

            using var document = JsonDocument.Parse(payload);
            events.Add(document.RootElement.Clone());
        }

        return (events, false);
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
