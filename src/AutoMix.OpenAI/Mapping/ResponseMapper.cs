using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OpenAIChatFinishReason = OpenAI.Chat.ChatFinishReason;

using AutoMix.Verification;

namespace AutoMix.OpenAI;

/// <summary>Maps OpenAI SDK results onto Microsoft.Extensions.AI responses.</summary>
internal static class ResponseMapper
{
    // Alternatives of an alternative: the API reports none, and the runtime contract wants a list.
    private static readonly IReadOnlyList<TokenLogprob> NoAlternatives = Array.Empty<TokenLogprob>();

    /// <summary>
    /// Builds the response from a completion. The typed <see cref="ChatCompletion"/> only exposes the first
    /// choice, so every choice (text, finish reason, logprobs) is read from the raw JSON body, in index order.
    /// </summary>
    public static ChatResponse FromCompletion(ChatCompletion completion, BinaryData rawBody)
    {
        List<ParsedChoice> choices = ParseChoices(rawBody);
        if (choices.Count == 0)
        {
            throw new InvalidOperationException($"The server's chat completion '{completion.Id}' contains no choices.");
        }

        var messages = new List<AIChatMessage>(choices.Count);
        foreach (ParsedChoice choice in choices)
        {
            var message = new AIChatMessage(ChatRole.Assistant, choice.Text)
            {
                // Distinct ids per choice: M.E.AI merges updates that share a MessageId into one message.
                MessageId = choices.Count == 1 ? completion.Id : completion.Id + ":" + choice.Index.ToString(CultureInfo.InvariantCulture),
                AdditionalProperties = new AdditionalPropertiesDictionary(),
            };
            if (choice.FinishReason is AIChatFinishReason finish)
            {
                message.AdditionalProperties[OpenAICompatibleChatClient.FinishReasonKey] = finish;
            }

            if (choice.Logprobs is not null)
            {
                message.AdditionalProperties[OpenAICompatibleChatClient.LogprobsKey] = choice.Logprobs;
            }

            if (choice.Refusal is not null)
            {
                message.AdditionalProperties[OpenAICompatibleChatClient.RefusalKey] = choice.Refusal;
            }

            messages.Add(message);
        }

        var response = new ChatResponse(messages)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = choices[0].FinishReason,
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };

        if (choices[0].Logprobs is IReadOnlyList<TokenLogprob> firstLogprobs)
        {
            response.AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [OpenAICompatibleChatClient.LogprobsKey] = firstLogprobs,
            };
        }

        return response;
    }

    /// <summary>Maps one streamed chunk: text deltas, the finish reason, and usage when the server sends it.</summary>
    public static ChatResponseUpdate FromStreamingUpdate(StreamingChatCompletionUpdate update)
    {
        var result = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = update.CompletionId,
            MessageId = update.CompletionId,
            ModelId = update.Model,
            CreatedAt = update.CreatedAt,
            FinishReason = update.FinishReason is OpenAIChatFinishReason finish ? ToFinishReason(finish) : null,
            RawRepresentation = update,
        };

        foreach (ChatMessageContentPart part in update.ContentUpdate)
        {
            if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
            {
                result.Contents.Add(new TextContent(part.Text));
            }
        }

        if (update.Usage is ChatTokenUsage usage)
        {
            result.Contents.Add(new UsageContent(ToUsage(usage)!));
        }

        if (update.ContentTokenLogProbabilities is { Count: > 0 } logprobs)
        {
            var mapped = new List<TokenLogprob>(logprobs.Count);
            foreach (ChatTokenLogProbabilityDetails token in logprobs)
            {
                var top = new List<TokenLogprob>(token.TopLogProbabilities.Count);
                foreach (ChatTokenTopLogProbabilityDetails alternative in token.TopLogProbabilities)
                {
                    top.Add(new TokenLogprob(alternative.Token, alternative.LogProbability, NoAlternatives));
                }

                mapped.Add(new TokenLogprob(token.Token, token.LogProbability, top));
            }

            result.AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [OpenAICompatibleChatClient.LogprobsKey] = (IReadOnlyList<TokenLogprob>)mapped,
            };
        }

        return result;
    }

    public static UsageDetails? ToUsage(ChatTokenUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
        };
        if (usage.InputTokenDetails is { CachedTokenCount: > 0 } input)
        {
            details.CachedInputTokenCount = input.CachedTokenCount;
        }

        if (usage.OutputTokenDetails is { ReasoningTokenCount: > 0 } output)
        {
            details.ReasoningTokenCount = output.ReasoningTokenCount;
        }

        return details;
    }

    public static AIChatFinishReason ToFinishReason(OpenAIChatFinishReason reason) => reason switch
    {
        OpenAIChatFinishReason.Stop => AIChatFinishReason.Stop,
        OpenAIChatFinishReason.Length => AIChatFinishReason.Length,
        OpenAIChatFinishReason.ContentFilter => AIChatFinishReason.ContentFilter,
        OpenAIChatFinishReason.ToolCalls or OpenAIChatFinishReason.FunctionCall => AIChatFinishReason.ToolCalls,
        _ => new AIChatFinishReason(reason.ToString()),
    };

    private static AIChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        null => null,
        "stop" => AIChatFinishReason.Stop,
        "length" => AIChatFinishReason.Length,
        "content_filter" => AIChatFinishReason.ContentFilter,
        "tool_calls" or "function_call" => AIChatFinishReason.ToolCalls,
        _ => new AIChatFinishReason(reason),
    };

    private static List<ParsedChoice> ParseChoices(BinaryData rawBody)
    {
        using JsonDocument document = JsonDocument.Parse(rawBody);
        var result = new List<ParsedChoice>();
        if (!document.RootElement.TryGetProperty("choices", out JsonElement choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        int position = 0;
        foreach (JsonElement choice in choices.EnumerateArray())
        {
            int index = choice.TryGetProperty("index", out JsonElement indexElement) && indexElement.TryGetInt32(out int parsedIndex)
                ? parsedIndex
                : position;
            string text = string.Empty;
            string? refusal = null;
            if (choice.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.Object)
            {
                text = ReadContent(message);
                refusal = message.TryGetProperty("refusal", out JsonElement refusalElement) && refusalElement.ValueKind == JsonValueKind.String
                    ? refusalElement.GetString()
                    : null;
            }

            string? finish = choice.TryGetProperty("finish_reason", out JsonElement finishElement) && finishElement.ValueKind == JsonValueKind.String
                ? finishElement.GetString()
                : null;
            IReadOnlyList<TokenLogprob>? logprobs = choice.TryGetProperty("logprobs", out JsonElement logprobsElement)
                ? ParseLogprobs(logprobsElement)
                : null;
            result.Add(new ParsedChoice(index, text, ToFinishReason(finish), logprobs, refusal));
            position++;
        }

        // Servers normally list choices in index order; sort anyway so Messages[i] is choice i.
        result.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        return result;
    }

    private static string ReadContent(JsonElement message)
    {
        if (!message.TryGetProperty("content", out JsonElement content))
        {
            return string.Empty;
        }

        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? string.Empty;
            case JsonValueKind.Array:
                // Some servers return content parts; concatenate the text ones.
                var builder = new System.Text.StringBuilder();
                foreach (JsonElement part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.TryGetProperty("text", out JsonElement partText)
                        && partText.ValueKind == JsonValueKind.String)
                    {
                        builder.Append(partText.GetString());
                    }
                }

                return builder.ToString();
            default:
                return string.Empty;
        }
    }

    private static IReadOnlyList<TokenLogprob>? ParseLogprobs(JsonElement logprobs)
    {
        if (logprobs.ValueKind != JsonValueKind.Object
            || !logprobs.TryGetProperty("content", out JsonElement content)
            || content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var tokens = new List<TokenLogprob>(content.GetArrayLength());
        foreach (JsonElement token in content.EnumerateArray())
        {
            var top = new List<TokenLogprob>();
            if (token.TryGetProperty("top_logprobs", out JsonElement topElement) && topElement.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement alternative in topElement.EnumerateArray())
                {
                    top.Add(new TokenLogprob(ReadToken(alternative), ReadLogprob(alternative), NoAlternatives));
                }
            }

            tokens.Add(new TokenLogprob(ReadToken(token), ReadLogprob(token), top));
        }

        return tokens;
    }

    private static string ReadToken(JsonElement element)
        => element.TryGetProperty("token", out JsonElement token) && token.ValueKind == JsonValueKind.String
            ? token.GetString() ?? string.Empty
            : throw new InvalidOperationException($"A logprobs entry has no 'token' string: {element.GetRawText()}");

    private static double ReadLogprob(JsonElement element)
        => element.TryGetProperty("logprob", out JsonElement logprob) && logprob.ValueKind == JsonValueKind.Number
            ? logprob.GetDouble()
            : throw new InvalidOperationException($"A logprobs entry has no numeric 'logprob': {element.GetRawText()}");

    private sealed record ParsedChoice(int Index, string Text, AIChatFinishReason? FinishReason, IReadOnlyList<TokenLogprob>? Logprobs, string? Refusal);
}
