using System.Net;
using AutoMix.Server.Tests.Infrastructure;

namespace AutoMix.Server.Tests.Hostile;

/// <summary>A client trickling its body holds a connection, never a concurrency slot; past RequestBodyTimeout it gets 408.</summary>
public sealed class SlowBodyTests
{
    /// <summary>A body that sends its first bytes, then waits until released (or the request is cancelled).</summary>
    private sealed class TricklingContent(TaskCompletionSource release) : HttpContent
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"model\":\"qa\",\"messages\":["u8.ToArray());
            await stream.FlushAsync();
            Started.TrySetResult();
            await release.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_slow_sender_does_not_take_the_only_slot()
    {
        await using var server = await RunningServer.StartTwoTierAsync(
            new ScriptedTier("Paris"), new ScriptedTier("Paris (large)"), options => options.MaxConcurrentRequests = 1);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slowClient = new HttpClient { BaseAddress = server.Client.BaseAddress, DefaultRequestHeaders = { Authorization = server.Client.DefaultRequestHeaders.Authorization } };
        var slowBody = new TricklingContent(release);
        var slow = slowClient.PostAsync("/v1/chat/completions", slowBody);
        await slowBody.Started.Task;

        using var normal = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        release.SetResult();
        using var slowResponse = await slow;
        Assert.Equal(HttpStatusCode.BadRequest, slowResponse.StatusCode); // its body ended unfinished: invalid JSON
    }

    [Fact]
    public async Task A_body_that_does_not_arrive_in_time_is_a_408()
    {
        await using var server = await RunningServer.StartTwoTierAsync(
            new ScriptedTier("Paris"), new ScriptedTier("Paris (large)"), options => options.RequestBodyTimeout = TimeSpan.FromMilliseconds(300));
        var uri = new Uri(server.BaseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();

        // Promise 1000 bytes, send 10, then nothing: a raw socket, because HttpClient would not read the answer before its body is sent.
        var head = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.Authority + "\r\nAuthorization: Bearer " + RunningServer.ApiKey
            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"request_timeout\"", response, StringComparison.Ordinal);
    }
}
