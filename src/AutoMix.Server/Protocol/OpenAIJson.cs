using System;
using System.Text.Json;
using AutoMix.Server.Cascades;

namespace AutoMix.Server.Protocol
{
    /// <summary>
    /// Writes OpenAI chat completion bodies, stream chunks and errors with Utf8JsonWriter straight into the response
    /// buffer: no intermediate object graph per request, and exactly the field names OpenAI clients expect.
    /// </summary>
    internal static class OpenAIJson
    {
        public static void WriteError(Utf8JsonWriter writer, OpenAIError error)
        {
            writer.WriteStartObject();
            WriteErrorProperty(writer, error);
            writer.WriteEndObject();
        }

        public static void WriteErrorProperty(Utf8JsonWriter writer, OpenAIError error)
        {
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("type", error.Type);
            WriteNullableString(writer, "param", error.Param);
            WriteNullableString(writer, "code", error.Code);
            writer.WriteEndObject();
        }

        /// <summary>A complete non-streaming chat.completion object.</summary>
        public static void WriteCompletion(Utf8JsonWriter writer, CompletionIdentity identity, string content, string finishReason, TokenUsage usage, CascadeOutcome outcome)
        {
            writer.WriteStartObject();
            WriteIdentity(writer, identity, "chat.completion");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", content);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", finishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, usage);
            WriteOutcome(writer, outcome);
            writer.WriteEndObject();
        }

        /// <summary>A chat.completion.chunk with one choice delta (role on the first chunk, content text, or the finish reason).</summary>
        public static void WriteDeltaChunk(Utf8JsonWriter writer, CompletionIdentity identity, bool includeRole, string? content, string? finishReason, CascadeOutcome? outcome)
        {
            writer.WriteStartObject();
            WriteIdentity(writer, identity, "chat.completion.chunk");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (includeRole)
            {
                writer.WriteString("role", "assistant");
            }

            if (content is not null)
            {
                writer.WriteString("content", content);
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            WriteNullableString(writer, "finish_reason", finishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (outcome is not null)
            {
                WriteOutcome(writer, outcome);
            }

            writer.WriteEndObject();
        }

        /// <summary>The closing usage chunk of stream_options.include_usage: no choices, the summed usage.</summary>
        public static void WriteUsageChunk(Utf8JsonWriter writer, CompletionIdentity identity, TokenUsage usage, CascadeOutcome outcome)
        {
            writer.WriteStartObject();
            WriteIdentity(writer, identity, "chat.completion.chunk");
            writer.WriteStartArray("choices");
            writer.WriteEndArray();
            WriteUsage(writer, usage);
            WriteOutcome(writer, outcome);
            writer.WriteEndObject();
        }

        /// <summary>The AutoMix routing summary attached to every answer as the extra "automix" field.</summary>
        public static void WriteOutcome(Utf8JsonWriter writer, CascadeOutcome outcome)
        {
            writer.WriteStartObject("automix");
            writer.WriteString("policy", outcome.Policy);
            writer.WriteString("operating_point", outcome.OperatingPoint);
            WriteNullableString(writer, "tier", outcome.TierName);
            writer.WriteNumber("tier_index", outcome.TierIndex);
            WriteNullableNumber(writer, "confidence", outcome.Confidence);
            WriteNullableNumber(writer, "bin", outcome.Bin);
            writer.WriteNumber("cost", outcome.Cost);
            writer.WriteNumber("escalations", outcome.Escalations);
            writer.WriteStartArray("steps");
            foreach (var step in outcome.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("tier", step.TierName);
                writer.WriteNumber("tier_index", step.TierIndex);
                writer.WriteString("model", step.Model);
                WriteNullableString(writer, "backend_model", step.BackendModel);
                writer.WriteString("outcome", step.Outcome);
                WriteNullableNumber(writer, "confidence", step.Confidence);
                WriteNullableNumber(writer, "bin", step.Bin);
                writer.WriteNumber("verifier_samples", step.VerifierSamples);
                writer.WriteNumber("verifier_rounds", step.VerifierRounds);
                WriteNullableNumber(writer, "next_tier", step.NextTier);
                writer.WriteNumber("input_tokens", step.InputTokens);
                writer.WriteNumber("output_tokens", step.OutputTokens);
                writer.WriteNumber("cost", step.Cost);
                writer.WriteNumber("wall_time_ms", Math.Round(step.WallTime.TotalMilliseconds, 3));
                WriteNullableString(writer, "error", step.Error);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static void WriteIdentity(Utf8JsonWriter writer, CompletionIdentity identity, string objectType)
        {
            writer.WriteString("id", identity.Id);
            writer.WriteString("object", objectType);
            writer.WriteNumber("created", identity.Created);
            writer.WriteString("model", identity.Model);
            writer.WriteNull("system_fingerprint");
        }

        private static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", usage.InputTokens);
            writer.WriteNumber("completion_tokens", usage.OutputTokens);
            writer.WriteNumber("total_tokens", usage.InputTokens + usage.OutputTokens);
            writer.WriteEndObject();
        }

        private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
        {
            if (value is null)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, value);
            }
        }

        private static void WriteNullableNumber(Utf8JsonWriter writer, string name, double? value)
        {
            if (value is { } number && !double.IsNaN(number) && !double.IsInfinity(number))
            {
                writer.WriteNumber(name, number);
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        private static void WriteNullableNumber(Utf8JsonWriter writer, string name, int? value)
        {
            if (value is { } number)
            {
                writer.WriteNumber(name, number);
            }
            else
            {
                writer.WriteNull(name);
            }
        }
    }
}
