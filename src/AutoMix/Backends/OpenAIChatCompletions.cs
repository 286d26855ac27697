using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Text.Json;
using AutoMix.Verification;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace AutoMix.Backends;

/// <summary>
/// What the verifiers need from a tier that is the official OpenAI client for Microsoft.Extensions.AI
/// (<c>new OpenAIClient(...).GetChatClient(m).AsIChatClient()</c>, wrapped or not in a <c>ChatClientBuilder</c>
/// pipeline): requests go through <see cref="ChatOptions.RawRepresentationFactory"/> (the client builds its request
/// from the <see cref="ChatCompletionOptions"/> the factory returns), results come from the response's raw
/// <see cref="ChatCompletion"/>. Other backends ignore the factory and have no such raw representation, so they keep
/// the provider-neutral <c>AdditionalProperties</c> contract ("n", "logprobs").
/// </summary>
internal static class OpenAIChatCompletions
{
    /// <summary>Asks for token log-probabilities with <paramref name="top"/> alternatives per position.</summary>
    public static void RequestLogprobs(ChatOptions options, int top) =>
        Compose(options, completion =>
        {
            completion.IncludeLogProbabilities = true;
            completion.TopLogProbabilityCount = top;
        });

    /// <summary>Asks for <paramref name="choices"/> choices in one request.</summary>
    public static void RequestChoices(ChatOptions options, int choices) =>
        // The SDK keeps ChatCompletionOptions.N internal; its JsonPatch is the supported way to add a body property.
#pragma warning disable SCME0001
        Compose(options, completion => completion.Patch.Set("$.n"u8, choices));
#pragma warning restore SCME0001

    /// <summary>The generated tokens of choice 0 with their alternatives, when the response is a raw chat completion that has them.</summary>
    public static IReadOnlyList<TokenLogprob>? ReadLogprobs(ChatResponse response)
    {
        if (RawCompletion(response) is not { ContentTokenLogProbabilities: { Count: > 0 } tokens })
        {
            return null;
        }

        var result = new TokenLogprob[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var top = new TokenLogprob[token.TopLogProbabilities.Count];
            for (var j = 0; j < top.Length; j++)
            {
                var alternative = token.TopLogProbabilities[j];
                top[j] = new TokenLogprob(alternative.Token, alternative.LogProbability, Array.Empty<TokenLogprob>());
            }

            result[i] = new TokenLogprob(token.Token, token.LogProbability, top);
        }

        return result;
    }

    /// <summary>
    /// The text of every choice, in index order, when the response is a raw chat completion; null otherwise.
    /// The SDK's <see cref="ChatCompletion"/> exposes only choice 0, but writes all of them when serialized.
    /// </summary>
    public static IReadOnlyList<string>? ReadChoiceTexts(ChatResponse response)
    {
        if (RawCompletion(response) is not { } completion)
        {
            return null;
        }

        using var document = JsonDocument.Parse(ModelReaderWriter.Write(completion, ModelReaderWriterOptions.Json).ToMemory());
        if (!document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var texts = new SortedList<int, string>(choices.GetArrayLength());
        foreach (var choice in choices.EnumerateArray())
        {
            var index = choice.TryGetProperty("index", out var i) && i.TryGetInt32(out var value) ? value : texts.Count;
            var text = choice.TryGetProperty("message", out var message)
                && message.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String
                ? content.GetString()!
                : string.Empty;
            texts[index] = text;
        }

        return new List<string>(texts.Values);
    }

    private static ChatCompletion? RawCompletion(ChatResponse response)
    {
        if (response.RawRepresentation is ChatCompletion completion)
        {
            return completion;
        }

        // A pipeline stage may rebuild the response and keep only the message's raw representation.
        foreach (var message in response.Messages)
        {
            if (message.RawRepresentation is ChatCompletion fromMessage)
            {
                return fromMessage;
            }
        }

        return null;
    }

    /// <summary>Chains onto a factory already on the options (the caller's, or another verifier setting), never replaces it.</summary>
    private static void Compose(ChatOptions options, Action<ChatCompletionOptions> configure)
    {
        var previous = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var built = previous?.Invoke(client);
            if (built is not null and not ChatCompletionOptions)
            {
                // Another provider's options: leave them to that provider.
                return built;
            }

            var completion = built as ChatCompletionOptions ?? new ChatCompletionOptions();
            configure(completion);
            return completion;
        };
    }
}
