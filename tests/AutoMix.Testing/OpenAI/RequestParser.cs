using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace AutoMix.Testing.OpenAI;

/// <summary>Parses a chat completion request body; malformed input throws <see cref="FormatException"/> (answered with 400).</summary>
internal static class RequestParser
{
    public static ChatCompletionRequest Parse(string body, IReadOnlyDictionary<string, string> headers)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The request body is not valid JSON: " + exception.Message, exception);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The request body must be a JSON object.");
            }

            string model = root.TryGetProperty("model", out JsonElement modelElement) && modelElement.ValueKind == JsonValueKind.String
                ? modelElement.GetString()!
                : throw new FormatException("'model' is required and must be a string.");
            if (!root.TryGetProperty("messages", out JsonElement messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("'messages' is required and must be an array.");
            }

            var messages = new List<RequestMessage>();
            foreach (JsonElement message in messagesElement.EnumerateArray())
            {
                string role = message.TryGetProperty("role", out JsonElement roleElement) && roleElement.ValueKind == JsonValueKind.String
                    ? roleElement.GetString()!
                    : throw new FormatException("Every message needs a string 'role'.");
                string? name = message.TryGetProperty("name", out JsonElement nameElement) && nameElement.ValueKind == JsonValueKind.String
                    ? nameElement.GetString()
                    : null;
                messages.Add(new RequestMessage(role, ReadContent(message), name));
            }

            int? n = ReadInt(root, "n");
            if (n is < 1)
            {
                throw new FormatException("'n' must be at least 1.");
            }

            return new ChatCompletionRequest
            {
                Model = model,
                Messages = messages,
                Temperature = ReadDouble(root, "temperature"),
                TopP = ReadDouble(root, "top_p"),
                N = n,
                Logprobs = ReadBool(root, "logprobs"),
                TopLogprobs = ReadInt(root, "top_logprobs"),
                MaxTokens = ReadInt(root, "max_completion_tokens") ?? ReadInt(root, "max_tokens"),
                Seed = root.TryGetProperty("seed", out JsonElement seed) && seed.ValueKind == JsonValueKind.Number ? seed.GetInt64() : null,
                Stop = ReadStop(root),
                ResponseFormatType = root.TryGetProperty("response_format", out JsonElement format)
                    && format.ValueKind == JsonValueKind.Object
                    && format.TryGetProperty("type", out JsonElement type)
                    ? type.GetString()
                    : null,
                Stream = ReadBool(root, "stream"),
                IncludeUsage = root.TryGetProperty("stream_options", out JsonElement streamOptions)
                    && streamOptions.ValueKind == JsonValueKind.Object
                    && ReadBool(streamOptions, "include_usage"),
                Headers = headers,
                RawJson = body,
            };
        }
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
                return content.GetString()!;
            case JsonValueKind.Null:
                return string.Empty;
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                foreach (JsonElement part in content.EnumerateArray())
                {
                    if (part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
                    {
                        builder.Append(text.GetString());
                    }
                }

                return builder.ToString();
            default:
                throw new FormatException("Message 'content' must be a string, null or an array of parts.");
        }
    }

    private static IReadOnlyList<string> ReadStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out JsonElement stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'stop' must be a string or an array of strings.");
        }

        var result = new List<string>();
        foreach (JsonElement item in stop.EnumerateArray())
        {
            result.Add(item.GetString() ?? throw new FormatException("'stop' entries must be strings."));
        }

        return result;
    }

    private static int? ReadInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int parsed)
            ? parsed
            : throw new FormatException($"'{name}' must be an integer.");
    }

    private static double? ReadDouble(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new FormatException($"'{name}' must be a number.");
    }

    private static bool ReadBool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"'{name}' must be a boolean."),
        };
    }
}
