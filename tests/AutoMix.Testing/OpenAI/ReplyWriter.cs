using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AutoMix.Testing.OpenAI;

/// <summary>Writes replies in the OpenAI wire format: completion objects, stream chunks and error bodies.</summary>
internal static class ReplyWriter
{
    public static byte[] Completion(ChatCompletionRequest request, ChatCompletionReply reply, string id, long created)
        => Write(writer =>
        {
            writer.WriteStartObject();
            WriteHeader(writer, request, reply, id, created, "chat.completion");
            writer.WriteStartArray("choices");
            for (int index = 0; index < reply.Choices.Count; index++)
            {
                ReplyChoice choice = reply.Choices[index];
                writer.WriteStartObject();
                writer.WriteNumber("index", index);
                writer.WriteStartObject("message");
                writer.WriteString("role", "assistant");
                writer.WriteString("content", choice.Text);
                writer.WriteNull("refusal");
                writer.WriteEndObject();
                WriteLogprobs(writer, request, choice.Logprobs);
                writer.WriteString("finish_reason", choice.FinishReason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (!reply.OmitUsage)
            {
                WriteUsage(writer, UsageOf(request, reply));
            }

            writer.WriteEndObject();
        });

    /// <summary>
    /// The stream chunks: per choice a role chunk, content chunks and a finish chunk, interleaved round-robin
    /// across choices; then a usage chunk (empty choices) when the request set stream_options.include_usage.
    /// </summary>
    public static IEnumerable<byte[]> StreamChunks(ChatCompletionRequest request, ChatCompletionReply reply, string id, long created)
    {
        var perChoice = reply.Choices.Select(choice => ChunksOf(request, choice).ToList()).ToList();
        int longest = perChoice.Count == 0 ? 0 : perChoice.Max(static chunks => chunks.Count);
        for (int step = 0; step < longest; step++)
        {
            for (int index = 0; index < perChoice.Count; index++)
            {
                if (step < perChoice[index].Count)
                {
                    ChunkPart part = perChoice[index][step];
                    yield return Write(writer =>
                    {
                        writer.WriteStartObject();
                        WriteHeader(writer, request, reply, id, created, "chat.completion.chunk");
                        writer.WriteStartArray("choices");
                        writer.WriteStartObject();
                        writer.WriteNumber("index", index);
                        writer.WriteStartObject("delta");
                        if (part.Role)
                        {
                            writer.WriteString("role", "assistant");
                        }

                        if (part.Content is not null)
                        {
                            writer.WriteString("content", part.Content);
                        }

                        writer.WriteEndObject();
                        if (part.Logprob is not null)
                        {
                            WriteLogprobs(writer, request, [part.Logprob]);
                        }
                        else
                        {
                            writer.WriteNull("logprobs");
                        }

                        if (part.FinishReason is null)
                        {
                            writer.WriteNull("finish_reason");
                        }
                        else
                        {
                            writer.WriteString("finish_reason", part.FinishReason);
                        }

                        writer.WriteEndObject();
                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    });
                }
            }
        }

        if (request.IncludeUsage && !reply.OmitUsage)
        {
            yield return Write(writer =>
            {
                writer.WriteStartObject();
                WriteHeader(writer, request, reply, id, created, "chat.completion.chunk");
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                WriteUsage(writer, UsageOf(request, reply));
                writer.WriteEndObject();
            });
        }
    }

    public static byte[] Error(string message, string type, string? code)
        => Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteNull("param");
            if (code is null)
            {
                writer.WriteNull("code");
            }
            else
            {
                writer.WriteString("code", code);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public static byte[] Models(IReadOnlyList<string> models, long created)
        => Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (string model in models)
            {
                writer.WriteStartObject();
                writer.WriteString("id", model);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", created);
                writer.WriteString("owned_by", "automix-loopback");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private static List<ChunkPart> ChunksOf(ChatCompletionRequest request, ReplyChoice choice)
    {
        var parts = new List<ChunkPart> { new(Role: true, Content: string.Empty, Logprob: null, FinishReason: null) };
        if (choice.Deltas is not null)
        {
            if (string.Concat(choice.Deltas) != choice.Text)
            {
                throw new InvalidOperationException($"ReplyChoice.Deltas do not concatenate to its Text '{choice.Text}'.");
            }

            parts.AddRange(choice.Deltas.Select(static delta => new ChunkPart(false, delta, null, null)));
        }
        else if (request.Logprobs && choice.Logprobs is { Count: > 0 } logprobs && string.Concat(logprobs.Select(static t => t.Token)) == choice.Text)
        {
            parts.AddRange(logprobs.Select(static token => new ChunkPart(false, token.Token, token, null)));
        }
        else
        {
            parts.AddRange(SplitAfterSpaces(choice.Text).Select(static delta => new ChunkPart(false, delta, null, null)));
        }

        parts.Add(new ChunkPart(false, null, null, choice.FinishReason));
        return parts;
    }

    private static IEnumerable<string> SplitAfterSpaces(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ')
            {
                yield return text.Substring(start, i + 1 - start);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text.Substring(start);
        }
    }

    private static void WriteHeader(Utf8JsonWriter writer, ChatCompletionRequest request, ChatCompletionReply reply, string id, long created, string kind)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", kind);
        writer.WriteNumber("created", created);
        writer.WriteString("model", reply.Model ?? request.Model);
        writer.WriteString("system_fingerprint", "fp_loopback");
    }

    private static void WriteLogprobs(Utf8JsonWriter writer, ChatCompletionRequest request, IReadOnlyList<ReplyTokenLogprob>? logprobs)
    {
        if (!request.Logprobs || logprobs is null)
        {
            writer.WriteNull("logprobs");
            return;
        }

        int topCount = request.TopLogprobs ?? 0;
        writer.WriteStartObject("logprobs");
        writer.WriteStartArray("content");
        foreach (ReplyTokenLogprob token in logprobs)
        {
            writer.WriteStartObject();
            WriteToken(writer, token.Token, token.Logprob);
            writer.WriteStartArray("top_logprobs");
            foreach (ReplyTopLogprob alternative in (token.TopLogprobs ?? []).Take(topCount))
            {
                writer.WriteStartObject();
                WriteToken(writer, alternative.Token, alternative.Logprob);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNull("refusal");
        writer.WriteEndObject();
    }

    private static void WriteToken(Utf8JsonWriter writer, string token, double logprob)
    {
        writer.WriteString("token", token);
        writer.WriteNumber("logprob", logprob);
        writer.WriteStartArray("bytes");
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(token))
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter writer, ReplyUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }

    private static ReplyUsage UsageOf(ChatCompletionRequest request, ChatCompletionReply reply)
        => reply.Usage ?? new ReplyUsage(
            request.Messages.Sum(static message => CountWords(message.Content)),
            reply.Choices.Sum(static choice => CountWords(choice.Text)));

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private sealed record ChunkPart(bool Role, string? Content, ReplyTokenLogprob? Logprob, string? FinishReason);
}
