using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoMix.Testing.OpenAI;

/// <summary>
/// A scripted OpenAI-compatible server on <c>http://127.0.0.1:{dynamic port}</c> for tests over real HTTP.
/// </summary>
/// <remarks>
/// <para>Endpoints: <c>POST /v1/chat/completions</c> (JSON, or server-sent events when <c>stream: true</c>:
/// <c>data: {chunk}</c> lines, a usage chunk when <c>stream_options.include_usage</c> is set, then
/// <c>data: [DONE]</c>) and <c>GET /v1/models</c>. Anything else is a 404 in the OpenAI error shape; a malformed
/// body is a 400; a handler that throws yields a 500 naming the exception.</para>
/// <para>Each parsed request is recorded (<see cref="Requests"/>) before the handler runs, then the handler's
/// <see cref="ChatCompletionReply"/> decides the answer: text, n choices, logprobs, usage, delays, or an HTTP
/// error. Handlers run concurrently for concurrent requests; keep their state thread-safe
/// (e.g. <see cref="Interlocked"/> counters).</para>
/// <para>Point a client at <see cref="Endpoint"/> (<c>http://127.0.0.1:{port}/v1/</c>).</para>
/// </remarks>
public sealed class LoopbackOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<ChatCompletionRequest, CancellationToken, Task<ChatCompletionReply>> _handler;
    private readonly LoopbackOpenAIServerOptions _options;
    private readonly ConcurrentQueue<ChatCompletionRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _requestNumber;
    private int _disposed;

    private LoopbackOpenAIServer(
        WebApplication app, Func<ChatCompletionRequest, CancellationToken, Task<ChatCompletionReply>> handler, LoopbackOpenAIServerOptions options)
    {
        _app = app;
        _handler = handler;
        _options = options;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The OpenAI API base to give clients: <c>{BaseAddress}v1/</c>.</summary>
    public Uri Endpoint => new(BaseAddress, "v1/");

    /// <summary>Chat completion requests received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ChatCompletionRequest> Requests => _requests.ToArray();

    /// <summary>Starts a server answering every chat completion with <paramref name="handler"/>.</summary>
    public static Task<LoopbackOpenAIServer> StartAsync(
        Func<ChatCompletionRequest, ChatCompletionReply> handler, LoopbackOpenAIServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return StartAsync((request, _) => Task.FromResult(handler(request)), options, cancellationToken);
    }

    /// <summary>Starts a server with an asynchronous handler (its token fires when the client disconnects or the server stops).</summary>
    public static async Task<LoopbackOpenAIServer> StartAsync(
        Func<ChatCompletionRequest, CancellationToken, Task<ChatCompletionReply>> handler,
        LoopbackOpenAIServerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        WebApplication app = builder.Build();
        var server = new LoopbackOpenAIServer(app, handler, options ?? new LoopbackOpenAIServerOptions());
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Port 0 asks the OS for a free port; Kestrel reports the one it bound in the addresses feature.
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/", UriKind.Absolute);
        return server;
    }

    /// <summary>Stops the server; requests still waiting on a delay are abandoned.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        CancellationToken token = aborted.Token;
        try
        {
            string path = context.Request.Path.Value ?? string.Empty;
            if (HttpMethods.IsGet(context.Request.Method) && path == "/v1/models")
            {
                await WriteJsonAsync(context, 200, ReplyWriter.Models(_options.Models, DateTimeOffset.UtcNow.ToUnixTimeSeconds()), token).ConfigureAwait(false);
                return;
            }

            if (!HttpMethods.IsPost(context.Request.Method) || path != "/v1/chat/completions")
            {
                await WriteErrorAsync(context, 404, $"No route for {context.Request.Method} {path}.", "invalid_request_error", "not_found", token).ConfigureAwait(false);
                return;
            }

            await HandleChatCompletionAsync(context, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nobody is left to answer.
        }
    }

    private async Task HandleChatCompletionAsync(HttpContext context, CancellationToken token)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(token).ConfigureAwait(false);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        ChatCompletionRequest request;
        try
        {
            request = RequestParser.Parse(body, headers);
        }
        catch (FormatException exception)
        {
            await WriteErrorAsync(context, 400, exception.Message, "invalid_request_error", null, token).ConfigureAwait(false);
            return;
        }

        _requests.Enqueue(request);
        int number = Interlocked.Increment(ref _requestNumber);

        if (_options.RequiredApiKey is string key && request.Authorization != "Bearer " + key)
        {
            await WriteErrorAsync(context, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key", token).ConfigureAwait(false);
            return;
        }

        ChatCompletionReply reply;
        try
        {
            reply = await _handler(request, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
        {
            await WriteErrorAsync(context, 500, $"The loopback handler threw {exception.GetType().Name}: {exception.Message}", "server_error", null, token).ConfigureAwait(false);
            return;
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, token).ConfigureAwait(false);
        }

        foreach (KeyValuePair<string, string> header in reply.Headers)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (reply.StatusCode != 200)
        {
            string message = reply.ErrorMessage ?? string.Create(CultureInfo.InvariantCulture, $"Scripted error {reply.StatusCode}.");
            await WriteErrorAsync(context, reply.StatusCode, message, reply.ErrorType, reply.ErrorCode, token).ConfigureAwait(false);
            return;
        }

        string id = reply.Id ?? string.Create(CultureInfo.InvariantCulture, $"chatcmpl-loopback-{number}");
        long created = reply.Created ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!request.Stream)
        {
            await WriteJsonAsync(context, 200, ReplyWriter.Completion(request, reply, id, created), token).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        bool first = true;
        foreach (byte[] chunk in ReplyWriter.StreamChunks(request, reply, id, created))
        {
            if (!first && reply.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.ChunkDelay, token).ConfigureAwait(false);
            }

            first = false;
            await WriteEventAsync(context, chunk, token).ConfigureAwait(false);
        }

        await WriteEventAsync(context, "[DONE]"u8.ToArray(), token).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext context, byte[] data, CancellationToken token)
    {
        await context.Response.Body.WriteAsync("data: "u8.ToArray(), token).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(data, token).ConfigureAwait(false);
        await context.Response.Body.WriteAsync("\n\n"u8.ToArray(), token).ConfigureAwait(false);

        // Flush per event so clients observe deltas as they are produced, as with a real server.
        await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string type, string? code, CancellationToken token)
        => WriteJsonAsync(context, status, ReplyWriter.Error(message, type, code), token);

    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] json, CancellationToken token)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, token).ConfigureAwait(false);
    }
}
