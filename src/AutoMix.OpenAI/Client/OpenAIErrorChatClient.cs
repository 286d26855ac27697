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

    /// <summary>Wraps <paramref name="innerClient"/>, a client of <paramref name="endpoint"/> for <paramref name="model"/>.</summary>
    public OpenAIErrorChatClient(IChatClient innerClient, Uri endpoint, string model, TimeSpan timeout)
        : base(innerClient)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _timeout = timeout;
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
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
        ErrorTranslation.TryTranslate(exception, _endpoint, string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId, _timeout, cancellationToken);
}
