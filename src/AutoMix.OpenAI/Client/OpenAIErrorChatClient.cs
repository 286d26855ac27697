using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI;

/// <summary>
/// Turns the OpenAI SDK's failures (<c>ClientResultException</c>, network errors, its network timeout) into
/// <see cref="OpenAICompatibleException"/>s that name the endpoint, model and status and carry the server's error
/// fields, so logs, <c>automix record</c> and <c>automix serve</c> can say what failed where. Caller cancellation
/// passes through unchanged.
/// </summary>
public sealed class OpenAIErrorChatClient : DelegatingChatClient
{
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    /// <summary>Wraps <paramref name="innerClient"/>, a client of <paramref name="endpoint"/> for <paramref name="model"/>.</summary>
    /// <param name="innerClient">The client whose failures are translated.</param>
    /// <param name="endpoint">The endpoint, named in errors.</param>
    /// <param name="model">The model, named in errors.</param>
    /// <param name="timeout">The per-attempt limit; also the most a stream may stay silent between two chunks.</param>
    /// <param name="clock">The clock of that streaming idle limit (default: the system clock).</param>
    public OpenAIErrorChatClient(IChatClient innerClient, Uri endpoint, string model, TimeSpan timeout, TimeProvider? clock = null)
        : base(innerClient)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _timeout = timeout;
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, options, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The request is sent on the first MoveNextAsync, and C# allows no 'yield return' inside a try with a catch,
        // hence the manual enumeration.
        // Idle limit on our own clock: a stream silent for the timeout after a chunk is cancelled and reported as a
        // timeout. The timer is re-armed as soon as a chunk arrives, before the caller sees it, so "silent since
        // the last chunk" is measured from that moment (the SDK's network timeout covers the wait for the first one).
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var idleTimer = _timeout == Timeout.InfiniteTimeSpan
            ? null
            : _clock.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), stream, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var enumerator = base.GetStreamingResponseAsync(messages, options, stream.Token).GetAsyncEnumerator(stream.Token);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                    idleTimer?.Change(_timeout, Timeout.InfiniteTimeSpan);
                }
                catch (OperationCanceledException exception) when (stream.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw ErrorTranslation.Timeout(exception, _endpoint, ModelOf(options), _timeout);
                }
                catch (Exception exception) when (Translate(exception, options, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                yield return update;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private OpenAICompatibleException? Translate(Exception exception, ChatOptions? options, CancellationToken cancellationToken) =>
        ErrorTranslation.TryTranslate(exception, _endpoint, ModelOf(options), _timeout, cancellationToken);

    private string ModelOf(ChatOptions? options) => string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options!.ModelId!;
}
