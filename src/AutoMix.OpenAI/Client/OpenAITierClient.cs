using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AutoMix.OpenAI;

/// <summary>
/// Builds a tier client for an OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama, LM Studio...) from a URL
/// and a model: the official client, <c>new OpenAIClient(...).GetChatClient(model).AsIChatClient()</c>, with the
/// endpoint, timeout and retries of <see cref="OpenAICompatibleClientOptions"/>, under an
/// <see cref="OpenAIErrorChatClient"/> that names the endpoint and model in its failures. The AutoMix verifiers ask
/// this client for several choices and for log-probabilities themselves (see docs/runtime.md).
/// </summary>
public static class OpenAITierClient
{
    /// <summary>The client for <paramref name="options"/> (copied). <c>DefaultModelId</c> is required.</summary>
    /// <exception cref="ArgumentException">The options are incomplete or invalid.</exception>
    public static IChatClient Create(OpenAICompatibleClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.DefaultModelId is null)
        {
            throw new ArgumentException("OpenAICompatibleClientOptions.DefaultModelId is required: the official client is bound to one model.", nameof(options));
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
        };

        // Local servers need no key, and a made-up bearer token would be misleading in their logs. The
        // AuthenticationPolicy constructor is experimental (OPENAI001) in SDK 2.15.0; the version is pinned centrally.
#pragma warning disable OPENAI001
        var client = string.IsNullOrEmpty(options.ApiKey)
            ? new OpenAIClient(new NoAuthenticationPolicy(), clientOptions)
            : new OpenAIClient(new ApiKeyCredential(options.ApiKey), clientOptions);
#pragma warning restore OPENAI001

        IChatClient official = client.GetChatClient(options.DefaultModelId).AsIChatClient();
        return new OpenAIErrorChatClient(official, options.Endpoint!, options.DefaultModelId, options.Timeout, options.TimeProvider);
    }
}
