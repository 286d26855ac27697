using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AutoMix.Server.Tests.Infrastructure;

namespace AutoMix.Server.Tests.Hostile;

/// <summary>Whatever a client sends, a bad body is the client's 4xx, never a 5xx (unless a tier failed, and none does here).</summary>
public sealed class MalformedBodyTests
{
    private static async Task<HttpResponseMessage> PostBytesAsync(HttpClient client, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync("/v1/chat/completions", content);
    }

    private static byte[] Bytes(string prefix, byte[] raw, string suffix) =>
        Encoding.UTF8.GetBytes(prefix).Concat(raw).Concat(Encoding.UTF8.GetBytes(suffix)).ToArray();

    public static TheoryData<string, byte[], string?> Bodies() => new()
    {
        { "n as a string", Encoding.UTF8.GetBytes("""{"model":"qa","n":"2","messages":[{"role":"user","content":"q"}]}"""), "n" },
        { "n as a boolean", Encoding.UTF8.GetBytes("""{"model":"qa","n":true,"messages":[{"role":"user","content":"q"}]}"""), "n" },
        { "invalid UTF-8 in content", Bytes("""{"model":"qa","messages":[{"role":"user","content":"a""", [0xff, 0xfe], "\"}]}"), "messages[0].content" },
        { "overlong UTF-8 in content", Bytes("""{"model":"qa","messages":[{"role":"user","content":"a""", [0xc0, 0xaf], "\"}]}"), "messages[0].content" },
        { "invalid UTF-8 in model", Bytes("""{"model":"q""", [0xff], "\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"), "model" },
        { "lone surrogate in content", Encoding.UTF8.GetBytes("""{"model":"qa","messages":[{"role":"user","content":"a\ud800b"}]}"""), "messages[0].content" },
        { "lone surrogate in model", Encoding.UTF8.GetBytes("""{"model":"q\udc00a","messages":[{"role":"user","content":"q"}]}"""), "model" },
        { "lone surrogate in role", Encoding.UTF8.GetBytes("""{"model":"qa","messages":[{"role":"us\ud800er","content":"q"}]}"""), "messages[0].role" },
        { "lone surrogate in a text part", Encoding.UTF8.GetBytes("""{"model":"qa","messages":[{"role":"user","content":[{"type":"text","text":"\ud800"}]}]}"""), "messages[0].content[0].text" },
        { "lone surrogate in stop", Encoding.UTF8.GetBytes("""{"model":"qa","stop":["\ud800"],"messages":[{"role":"user","content":"q"}]}"""), "stop" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Is_a_400_naming_the_field(string what, byte[] body, string? param)
    {
        await using var server = await RunningServer.StartTwoTierAsync(new ScriptedTier("Paris"), new ScriptedTier("Paris (large)"));

        using var response = await PostBytesAsync(server.Client, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what + ": " + response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    public static TheoryData<string, string> ToolHistory() => new()
    {
        { """{"model":"qa","messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"},{"role":"user","content":"and?"}]}""", "messages[1].tool_calls" },
        { """{"model":"qa","messages":[{"role":"user","content":"q"},{"role":"tool","tool_call_id":"c1","content":"42"}]}""", "messages[1].role" },
        { """{"model":"qa","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"x","function_call":{"name":"f","arguments":"{}"}},{"role":"user","content":"and?"}]}""", "messages[1].function_call" },
    };

    [Theory]
    [MemberData(nameof(ToolHistory))]
    public async Task Tool_calls_in_the_history_are_refused_not_dropped(string body, string param)
    {
        var small = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartTwoTierAsync(small, new ScriptedTier("Paris (large)"));

        using var response = await Http.PostChatAsync(server.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Http.ReadErrorAsync(response);
        Assert.Equal("unsupported_parameter", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(0, small.TotalCalls);
    }

    [Fact]
    public async Task Fuzzed_bodies_never_get_a_5xx()
    {
        await using var server = await RunningServer.StartTwoTierAsync(new ScriptedTier("Paris"), new ScriptedTier("Paris (large)"));
        var valid = Encoding.UTF8.GetBytes("""{"model":"qa","n":1,"temperature":0.5,"stop":["x"],"stream":false,"messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]}]}""");
        byte[] noise = Encoding.UTF8.GetBytes("{}[]\",:0-1e9truefalsenull\\u00ff\\ud800\\") .Concat(new byte[] { 0xff, 0xfe, 0xc0, 0xaf, 0x00, 0xed, 0xa0, 0x80 }).ToArray();
        var random = new Random(10); // deterministic: the same 300 bodies every run
        var statuses = new Dictionary<HttpStatusCode, int>();

        for (var round = 0; round < 300; round++)
        {
            var body = valid.ToList();
            for (var edits = random.Next(1, 5); edits > 0 && body.Count > 0; edits--)
            {
                var at = random.Next(body.Count);
                switch (random.Next(3))
                {
                    case 0: body.RemoveAt(at); break;
                    case 1: body.Insert(at, noise[random.Next(noise.Length)]); break;
                    default: body[at] = noise[random.Next(noise.Length)]; break;
                }
            }

            using var response = await PostBytesAsync(server.Client, body.ToArray());

            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"round {round}: {(int)response.StatusCode} for {Convert.ToHexString(body.ToArray())}");
        }

        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 100, string.Join(", ", statuses));
    }
}
