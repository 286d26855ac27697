using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task Http500IsAClearExceptionNamingStatusEndpointAndModel()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.Error(500, "The model server ran out of memory.", "server_error", "oom"));
        using var client = ClientFactory.Create(server);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.Equal(500, error.StatusCode);
        Assert.False(error.IsTimeout);
        Assert.True(error.IsTransient);
        Assert.Equal(server.Endpoint, error.Endpoint);
        Assert.Equal(ClientFactory.Model, error.Model);
        Assert.Equal("The model server ran out of memory.", error.ServerMessage);
        Assert.Equal("server_error", error.ErrorType);
        Assert.Equal("oom", error.ErrorCode);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Endpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(ClientFactory.Model, error.Message, StringComparison.Ordinal);
        Assert.Contains("ran out of memory", error.Message, StringComparison.Ordinal);
        Assert.IsType<System.ClientModel.ClientResultException>(error.InnerException);
    }

    [Fact]
    public async Task Http400IsNotTransient()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.Error(400, "max_tokens is too large", "invalid_request_error"));
        using var client = ClientFactory.Create(server, options => options.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.Equal(400, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task RateLimitIsRetriedThenSucceeds()
    {
        int counter = 0;
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            Interlocked.Increment(ref counter) == 1
                ? ChatCompletionReply.Error(429, "Rate limit reached", "requests", "rate_limit_exceeded")
                    with { Headers = new Dictionary<string, string> { ["retry-after-ms"] = "10" } }
                : ChatCompletionReply.Text("after retry"));
        using var client = ClientFactory.Create(server, options => options.MaxRetries = 2);

        ChatResponse response = await client.GetResponseAsync("q");

        Assert.Equal("after retry", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task PersistentServerErrorAfterRetriesKeepsStatus()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.Error(503, "still overloaded") with { Headers = new Dictionary<string, string> { ["retry-after-ms"] = "10" } });
        using var client = ClientFactory.Create(server, options => options.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("still overloaded", error.ServerMessage);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task RateLimitWithoutRetriesSurfacesStatus429()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ =>
            ChatCompletionReply.Error(429, "Rate limit reached", "requests", "rate_limit_exceeded"));
        using var client = ClientFactory.Create(server);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("rate_limit_exceeded", error.ErrorCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CancellationAbortsAWaitingRequestQuickly()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("late") with { Delay = TimeSpan.FromSeconds(60) });
        using var client = ClientFactory.Create(server, options => options.Timeout = TimeSpan.FromSeconds(120));
        using var cancellation = new CancellationTokenSource();

        var stopwatch = Stopwatch.StartNew();
        Task<ChatResponse> call = client.GetResponseAsync("q", cancellationToken: cancellation.Token);
        await WaitForRequestAsync(server);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"cancellation took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task TimeoutIsReportedAsTimeoutNotCancellation()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("late") with { Delay = TimeSpan.FromSeconds(60) });
        using var client = ClientFactory.Create(server, options => options.Timeout = TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.True(error.IsTimeout);
        Assert.Null(error.StatusCode);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("timeout", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"timeout took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task TimedOutAttemptsAreRetriedUpToMaxRetries()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("late") with { Delay = TimeSpan.FromSeconds(60) });
        using var client = ClientFactory.Create(server, options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.MaxRetries = 1;
        });

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.True(error.IsTimeout);
        Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task InfiniteTimeoutIsAccepted()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("ok"));
        using var client = ClientFactory.Create(server, options => options.Timeout = Timeout.InfiniteTimeSpan);

        ChatResponse response = await client.GetResponseAsync("q");

        Assert.Equal("ok", response.Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task UnreachableServerIsAClearException(int maxRetries)
    {
        int port = GetUnusedPort();
        using var client = OpenAITierClient.Create(new OpenAICompatibleClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1/"),
            DefaultModelId = "m",
            MaxRetries = maxRetries,
        });

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.Null(error.StatusCode);
        Assert.False(error.IsTimeout);
        Assert.Contains("Could not reach", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlerExceptionBecomesA500NamingIt()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(ChatCompletionReply (_) => throw new InvalidOperationException("script bug"));
        using var client = ClientFactory.Create(server);

        var error = await Assert.ThrowsAsync<OpenAICompatibleException>(() => client.GetResponseAsync("q"));

        Assert.Equal(500, error.StatusCode);
        Assert.Contains("script bug", error.ServerMessage, StringComparison.Ordinal);
    }

    private static async Task WaitForRequestAsync(LoopbackOpenAIServer server)
    {
        var deadline = Stopwatch.StartNew();
        while (server.Requests.Count == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the server never received the request");
            await Task.Delay(10);
        }
    }

    private static int GetUnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
