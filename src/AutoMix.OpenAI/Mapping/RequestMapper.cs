using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;
using OpenAIChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace AutoMix.OpenAI;

/// <summary>Maps Microsoft.Extensions.AI requests onto the OpenAI SDK's request types.</summary>
internal static class RequestMapper
{
    /// <summary>Reads and validates n / logprobs / top_logprobs from the additional properties.</summary>
    public static SamplingSettings ReadSampling(ChatOptions? options)
    {
        AdditionalPropertiesDictionary? extra = options?.AdditionalProperties;
        if (extra is null)
        {
            return new SamplingSettings(1, false, null);
        }

        int choiceCount = 1;
        if (extra.TryGetValue(OpenAICompatibleChatClient.ChoiceCountKey, out object? nValue) && nValue is not null)
        {
            choiceCount = ReadInteger(nValue, OpenAICompatibleChatClient.ChoiceCountKey);
            if (choiceCount < 1)
            {
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{OpenAICompatibleChatClient.ChoiceCountKey}\"] must be at least 1, got {choiceCount.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(options));
            }
        }

        bool includeLogprobs = false;
        if (extra.TryGetValue(OpenAICompatibleChatClient.LogprobsKey, out object? logprobsValue) && logprobsValue is not null)
        {
            includeLogprobs = logprobsValue switch
            {
                bool flag => flag,
                JsonElement { ValueKind: JsonValueKind.True } => true,
                JsonElement { ValueKind: JsonValueKind.False } => false,
                _ => throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{OpenAICompatibleChatClient.LogprobsKey}\"] must be a bool, got {logprobsValue.GetType().Name}.",
                    nameof(options)),
            };
        }

        int? topLogprobs = null;
        if (extra.TryGetValue(OpenAICompatibleChatClient.TopLogprobsKey, out object? topValue) && topValue is not null)
        {
            int top = ReadInteger(topValue, OpenAICompatibleChatClient.TopLogprobsKey);
            if (top < 0)
            {
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{OpenAICompatibleChatClient.TopLogprobsKey}\"] must be zero or more, got {top.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(options));
            }

            topLogprobs = top;

            // The API rejects top_logprobs without logprobs; asking for alternatives implies wanting log-probabilities.
            includeLogprobs = true;
        }

        return new SamplingSettings(choiceCount, includeLogprobs, topLogprobs);
    }

    /// <summary>Maps the conversation; <c>ChatOptions.Instructions</c> becomes a leading system message.</summary>
    public static List<OpenAIChatMessage> ToOpenAIMessages(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var result = new List<OpenAIChatMessage>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            result.Add(OpenAIChatMessage.CreateSystemMessage(options.Instructions));
        }

        int position = 0;
        foreach (AIChatMessage message in messages)
        {
            if (message is null)
            {
                throw new ArgumentException($"Message {position.ToString(CultureInfo.InvariantCulture)} is null.", nameof(messages));
            }

            string text = ReadText(message, position);
            OpenAIChatMessage mapped;
            if (message.Role == ChatRole.System)
            {
                var system = OpenAIChatMessage.CreateSystemMessage(text);
                system.ParticipantName = message.AuthorName;
                mapped = system;
            }
            else if (message.Role == ChatRole.User)
            {
                var user = OpenAIChatMessage.CreateUserMessage(text);
                user.ParticipantName = message.AuthorName;
                mapped = user;
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var assistant = OpenAIChatMessage.CreateAssistantMessage(text);
                assistant.ParticipantName = message.AuthorName;
                mapped = assistant;
            }
            else
            {
                throw new NotSupportedException(
                    $"Message {position.ToString(CultureInfo.InvariantCulture)} has role '{message.Role}'; only system, user and assistant messages are supported.");
            }

            result.Add(mapped);
            position++;
        }

        if (result.Count == 0)
        {
            throw new ArgumentException("At least one message is required.", nameof(messages));
        }

        return result;
    }

    /// <summary>
    /// Builds the SDK options for one HTTP request. A fresh instance per request because the SDK writes the
    /// messages, model and stream flag into the options it is given, so one instance cannot serve concurrent calls.
    /// </summary>
    public static ChatCompletionOptions ToCompletionOptions(ChatOptions? options, SamplingSettings sampling, int requestChoiceCount, long? seed)
    {
        var result = new ChatCompletionOptions();
        if (options is not null)
        {
            if (options.Tools is { Count: > 0 })
            {
                throw new NotSupportedException("Tool calling is not supported by OpenAICompatibleChatClient; remove ChatOptions.Tools.");
            }

            result.Temperature = options.Temperature;
            result.TopP = options.TopP;
            result.MaxOutputTokenCount = options.MaxOutputTokens;
            result.FrequencyPenalty = options.FrequencyPenalty;
            result.PresencePenalty = options.PresencePenalty;
#pragma warning disable OPENAI001 // Seed is marked experimental in SDK 2.15.0 (pinned centrally), yet servers widely support it.
            result.Seed = seed;
#pragma warning restore OPENAI001
            if (options.StopSequences is { Count: > 0 })
            {
                foreach (string stop in options.StopSequences)
                {
                    result.StopSequences.Add(stop);
                }
            }

            result.ResponseFormat = ToResponseFormat(options.ResponseFormat);

            // top_k is not part of the OpenAI API, but vLLM, llama.cpp and Ollama's compatible endpoints accept it.
            if (options.TopK is int topK)
            {
                result.Patch.Set("$.top_k"u8, topK);
            }

            PassThroughExtraProperties(options.AdditionalProperties, result);
        }

        if (sampling.IncludeLogprobs)
        {
            result.IncludeLogProbabilities = true;
            result.TopLogProbabilityCount = sampling.TopLogprobs;
        }

        // SDK 2.15.0 keeps ChatCompletionOptions.N internal (its typed ChatCompletion only surfaces the first
        // choice), so 'n' goes into the request body through the options' JsonPatch, the SDK's supported way to
        // add properties it does not model. All choices are then read from the raw response (see ResponseMapper).
        if (requestChoiceCount > 1)
        {
            result.Patch.Set("$.n"u8, requestChoiceCount);
        }

        return result;
    }

    private static OpenAIChatResponseFormat? ToResponseFormat(AIChatResponseFormat? format)
    {
        switch (format)
        {
            case null:
                return null;
            case ChatResponseFormatText:
                return OpenAIChatResponseFormat.CreateTextFormat();
            case ChatResponseFormatJson json when json.Schema is JsonElement schema:
                return OpenAIChatResponseFormat.CreateJsonSchemaFormat(
                    string.IsNullOrWhiteSpace(json.SchemaName) ? "response" : json.SchemaName,
                    BinaryData.FromString(schema.GetRawText()),
                    json.SchemaDescription);
            case ChatResponseFormatJson:
                return OpenAIChatResponseFormat.CreateJsonObjectFormat();
            default:
                throw new NotSupportedException($"Response format {format.GetType().Name} is not supported.");
        }
    }

    /// <summary>
    /// Additional properties other than the ones this client interprets are sent as top-level body properties,
    /// so server-specific knobs (repetition_penalty, min_p, ...) reach the server instead of being dropped.
    /// Keys starting with "automix." are the cascade's own and are never sent.
    /// </summary>
    private static void PassThroughExtraProperties(AdditionalPropertiesDictionary? extra, ChatCompletionOptions target)
    {
        if (extra is null)
        {
            return;
        }

        foreach (KeyValuePair<string, object?> entry in extra)
        {
            if (entry.Key == OpenAICompatibleChatClient.ChoiceCountKey
                || entry.Key == OpenAICompatibleChatClient.LogprobsKey
                || entry.Key == OpenAICompatibleChatClient.TopLogprobsKey)
            {
                continue;
            }

            // The cascade's per-call markers (purpose, tier, sample, question) are for backends inside the process;
            // real APIs reject unknown arguments, so they never reach the request body.
            if (AutoMixRequestProperties.IsCascadeKey(entry.Key))
            {
                continue;
            }

            if (!IsPlainPropertyName(entry.Key))
            {
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties key '{entry.Key}' cannot be sent as a request property; use letters, digits and '_' only.");
            }

            byte[] path = Encoding.UTF8.GetBytes("$." + entry.Key);
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(entry.Value, entry.Value?.GetType() ?? typeof(object));
            target.Patch.Set(path, json);
        }
    }

    private static bool IsPlainPropertyName(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (char c in key)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static int ReadInteger(object value, string key)
    {
        switch (value)
        {
            case int i:
                return i;
            case long l when l is >= int.MinValue and <= int.MaxValue:
                return (int)l;
            case short s:
                return s;
            case byte b:
                return b;
            case JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out int parsed):
                return parsed;
            default:
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{key}\"] must be an integer, got {value.GetType().Name} '{Convert.ToString(value, CultureInfo.InvariantCulture)}'.");
        }
    }

    private static string ReadText(AIChatMessage message, int position)
    {
        var builder = new StringBuilder();
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    builder.Append(text.Text);
                    break;
                case TextReasoningContent:
                case UsageContent:
                    // Reasoning traces and usage records from earlier responses are not sent back to the server.
                    break;
                default:
                    throw new NotSupportedException(
                        $"Message {position.ToString(CultureInfo.InvariantCulture)} contains {content.GetType().Name}; only text content is supported.");
            }
        }

        return builder.ToString();
    }
}
