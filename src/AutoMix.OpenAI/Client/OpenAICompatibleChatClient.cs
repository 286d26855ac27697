using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace AutoMix.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for any server speaking the OpenAI <c>/v1/chat/completions</c> protocol
/// (OpenAI, vLLM, llama.cpp, Ollama, LM Studio, ...), built on the official OpenAI SDK.
/// </summary>
/// <remarks>
/// <para><b>Several samples per call.</b> Set <c>ChatOptions.AdditionalProperties["n"]</c>
/// (<see cref="ChoiceCountKey"/>) to an <see cref="int"/> k. The server is asked for k choices in one request and the
/// returned <see cref="ChatResponse.Messages"/> holds exactly one assistant message per choice, in choice order.
/// Read each sample from <c>Messages[i].Text</c>: <see cref="ChatResponse.Text"/> concatenates all of them.
/// <see cref="ChatResponse.FinishReason"/> is that of choice 0; every message carries its own in
/// <c>AdditionalProperties["finish_reason"]</c> (<see cref="FinishReasonKey"/>). When
/// <see cref="OpenAICompatibleClientOptions.SupportsMultipleChoices"/> is false the client sends k concurrent
/// single-choice requests instead (with seeds seed, seed+1, ... when a seed is set, so the samples differ) and
/// merges them: messages in request order, usage summed.</para>
/// <para><b>Log-probabilities.</b> Set <c>AdditionalProperties["logprobs"] = true</c> (<see cref="LogprobsKey"/>),
/// optionally <c>["top_logprobs"] = int</c> (<see cref="TopLogprobsKey"/>, which implies logprobs). Each message then
/// carries <c>AdditionalProperties["logprobs"]</c> as <c>IReadOnlyList&lt;TokenLogprob&gt;</c>, and the response
/// carries choice 0's list under the same key. Streaming updates carry the chunk's tokens the same way.</para>
/// <para>Other additional properties are sent unchanged as top-level request properties (for server-specific
/// parameters). <c>ChatOptions.TopK</c> is sent as <c>top_k</c>, which OpenAI itself rejects but local servers accept.</para>
/// <para><b>Failures.</b> HTTP errors, unreachable servers and timeouts throw <see cref="OpenAICompatibleException"/>;
/// caller cancellation throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    /// <summary>Additional-properties key for the number of samples (int). See the type remarks.</summary>
    public const string ChoiceCountKey = "n";

    /// <summary>Additional-properties key: request (bool) and result (<c>IReadOnlyList&lt;TokenLogprob&gt;</c>) of log-probabilities.</summary>
    public const string LogprobsKey = "logprobs";

    /// <summary>Additional-properties key for the number of alternatives per token position (int).</summary>
    public const string TopLogprobsKey = "top_logprobs";

    /// <summary>Message additional-properties key holding the choice's <see cref="Microsoft.Extensions.AI.ChatFinishReason"/>.</summary>
    public const string FinishReasonKey = "finish_reason";

    /// <summary>Message additional-properties key holding the model's refusal text, when it refused.</summary>
    public const string RefusalKey = "refusal";

    /// <summary>The provider name reported in <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "openai-compatible";

    private readonly OpenAIClient _client;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;
    private readonly Uri _endpoint;
    private readonly string? _defaultModelId;
    private readonly TimeSpan _timeout;
    private readonly bool _supportsMultipleChoices;

    /// <summary>Creates a client for the endpoint in <paramref name="options"/> (the options are copied).</summary>
    /// <exception cref="ArgumentException">The options are incomplete or invalid.</exception>
    public OpenAICompatibleChatClient(OpenAICompatibleClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _endpoint = options.Endpoint!;
        _defaultModelId = options.DefaultModelId;
        _timeout = options.Timeout;
        _supportsMultipleChoices = options.SupportsMultipleChoices;

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = _endpoint,
            NetworkTimeout = _timeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
        };
        // The AuthenticationPolicy constructor is marked experimental (OPENAI001) in SDK 2.15.0; it is the only way
        // to send no Authorization header at all. The SDK version is pinned centrally, so a change shows up on upgrade.
#pragma warning disable OPENAI001
        _client = string.IsNullOrEmpty(options.ApiKey)
            ? new OpenAIClient(new NoAuthenticationPolicy(), clientOptions)
            : new OpenAIClient(new ApiKeyCredential(options.ApiKey), clientOptions);
#pragma warning restore OPENAI001
        _metadata = new ChatClientMetadata(ProviderName, _endpoint, _defaultModelId);
    }

    /// <summary>The endpoint requests are sent to.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>The model used when <c>ChatOptions.ModelId</c> is not set.</summary>
    public string? DefaultModelId => _defaultModelId;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string model = ResolveModel(options);
        SamplingSettings sampling = RequestMapper.ReadSampling(options);
        List<OpenAIChatMessage> openAIMessages = RequestMapper.ToOpenAIMessages(messages, options);
        ChatClient chat = GetChatClient(model);

        if (sampling.ChoiceCount == 1 || _supportsMultipleChoices)
        {
            ChatCompletionOptions request = RequestMapper.ToCompletionOptions(options, sampling, sampling.ChoiceCount, options?.Seed);
            return await CompleteAsync(chat, model, openAIMessages, request, cancellationToken).ConfigureAwait(false);
        }

        return await CompleteWithConcurrentRequestsAsync(chat, model, openAIMessages, options, sampling, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">More than one choice was requested; stream one sample at a time.</exception>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string model = ResolveModel(options);
        SamplingSettings sampling = RequestMapper.ReadSampling(options);
        if (sampling.ChoiceCount > 1)
        {
            // The SDK's streaming update does not expose which choice a chunk belongs to, so interleaved choices
            // could not be told apart.
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture,
                $"Streaming supports one choice per request; got AdditionalProperties[\"{ChoiceCountKey}\"] = {sampling.ChoiceCount}. Use GetResponseAsync for several samples."));
        }

        List<OpenAIChatMessage> openAIMessages = RequestMapper.ToOpenAIMessages(messages, options);
        ChatCompletionOptions request = RequestMapper.ToCompletionOptions(options, sampling, 1, options?.Seed);
        ChatClient chat = GetChatClient(model);

        // The SDK sends the request on the first MoveNextAsync; errors must be translated there, and C# does not
        // allow 'yield return' inside a try block with a catch clause, hence the manual enumeration.
        IAsyncEnumerator<StreamingChatCompletionUpdate> enumerator =
            chat.CompleteChatStreamingAsync(openAIMessages, request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                StreamingChatCompletionUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception exception)
                    when (ErrorTranslation.TryTranslate(exception, _endpoint, model, _timeout, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                yield return ResponseMapper.FromStreamingUpdate(update);
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(OpenAIClient))
        {
            return _client;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The SDK pipeline shares a process-wide HttpClient and holds nothing to release.
    }

    private async Task<ChatResponse> CompleteAsync(
        ChatClient chat, string model, List<OpenAIChatMessage> messages, ChatCompletionOptions request, CancellationToken cancellationToken)
    {
        try
        {
            ClientResult<ChatCompletion> result = await chat.CompleteChatAsync(messages, request, cancellationToken).ConfigureAwait(false);
            return ResponseMapper.FromCompletion(result.Value, result.GetRawResponse().Content);
        }
        catch (Exception exception)
            when (ErrorTranslation.TryTranslate(exception, _endpoint, model, _timeout, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>For servers without <c>n</c> support: k single-choice requests in parallel, merged into one response.</summary>
    private async Task<ChatResponse> CompleteWithConcurrentRequestsAsync(
        ChatClient chat, string model, List<OpenAIChatMessage> messages, ChatOptions? options, SamplingSettings sampling, CancellationToken cancellationToken)
    {
        // One failed sample fails the call; cancel the siblings rather than wait for answers nobody will read.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task<ChatResponse>[sampling.ChoiceCount];
        for (int i = 0; i < tasks.Length; i++)
        {
            // The same seed would make every sample identical; offsetting keeps runs reproducible and samples distinct.
            long? seed = options?.Seed is long baseSeed ? unchecked(baseSeed + i) : null;
            ChatCompletionOptions request = RequestMapper.ToCompletionOptions(options, sampling, 1, seed);
            tasks[i] = CompleteSampleAsync(chat, model, messages, request, linked);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Surface the first real failure, not a sibling's cancellation caused by it.
            foreach (Task<ChatResponse> task in tasks)
            {
                if (task.IsFaulted && task.Exception?.InnerException is Exception failure)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }
            }

            throw;
        }

        return Merge(tasks);
    }

    private async Task<ChatResponse> CompleteSampleAsync(
        ChatClient chat, string model, List<OpenAIChatMessage> messages, ChatCompletionOptions request,
        CancellationTokenSource siblings)
    {
        try
        {
            ClientResult<ChatCompletion> result = await chat.CompleteChatAsync(messages, request, siblings.Token).ConfigureAwait(false);
            return ResponseMapper.FromCompletion(result.Value, result.GetRawResponse().Content);
        }
        catch (Exception exception)
            when (ErrorTranslation.TryTranslate(exception, _endpoint, model, _timeout, siblings.Token) is { } translated)
        {
            // siblings.Token covers caller cancellation and a sibling's failure, so neither is mistaken for a timeout.
            await siblings.CancelAsync().ConfigureAwait(false);
            throw translated;
        }
        catch (Exception) when (!siblings.IsCancellationRequested)
        {
            await siblings.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ChatResponse Merge(Task<ChatResponse>[] tasks)
    {
        ChatResponse first = tasks[0].Result;
        var messages = new List<AIChatMessage>(tasks.Length);
        var raw = new List<object?>(tasks.Length);
        UsageDetails? usage = null;
        foreach (Task<ChatResponse> task in tasks)
        {
            ChatResponse response = task.Result;
            messages.AddRange(response.Messages);
            raw.Add(response.RawRepresentation);
            if (response.Usage is UsageDetails part)
            {
                usage ??= new UsageDetails();
                usage.Add(part);
            }
        }

        return new ChatResponse(messages)
        {
            ResponseId = first.ResponseId,
            ModelId = first.ModelId,
            CreatedAt = first.CreatedAt,
            FinishReason = first.FinishReason,
            Usage = usage,
            AdditionalProperties = first.AdditionalProperties,
            RawRepresentation = raw,
        };
    }

    private string ResolveModel(ChatOptions? options)
    {
        string? model = string.IsNullOrWhiteSpace(options?.ModelId) ? _defaultModelId : options.ModelId;
        return model ?? throw new InvalidOperationException(
            "No model id: set ChatOptions.ModelId or OpenAICompatibleClientOptions.DefaultModelId.");
    }

    private ChatClient GetChatClient(string model) => _chatClients.GetOrAdd(model, static (id, client) => client.GetChatClient(id), _client);
}
