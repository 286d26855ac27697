using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AutoMix.Server.Protocol
{
    /// <summary>
    /// Reads an OpenAI chat completion request body. Walks the JSON by hand (no reflection binding) so every refusal
    /// names the offending field, the way OpenAI's own errors do.
    /// </summary>
    internal static class ChatCompletionRequestParser
    {
        private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

        /// <exception cref="ChatCompletionRequestException">The body is not a valid request; carries the 400 to send.</exception>
        public static ChatCompletionRequest Parse(ReadOnlyMemory<byte> body)
        {
            if (body.IsEmpty)
            {
                throw Invalid("The request body is empty; send a JSON object with 'model' and 'messages'.");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, DocumentOptions);
            }
            catch (JsonException exception)
            {
                var where = exception.LineNumber is { } line
                    ? string.Format(CultureInfo.InvariantCulture, " at line {0}, byte {1}", line + 1, (exception.BytePositionInLine ?? 0) + 1)
                    : string.Empty;
                throw Invalid("The request body is not valid JSON" + where + ": " + WithoutPosition(exception.Message), code: "invalid_json");
            }

            using (document)
            {
                try
                {
                    return Read(document.RootElement);
                }
                catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
                {
                    // A value of a kind the field readers did not expect must still be the client's 400, never a 500.
                    throw Invalid("The request body could not be read as a chat completion request: " + exception.Message);
                }
            }
        }

        private static ChatCompletionRequest Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"The request body must be a JSON object, not {Describe(root.ValueKind)}.", code: "invalid_json");
            }

            var model = RequiredString(root, "model");
            var messages = ReadMessages(root);
            RefuseUnsupported(root);
            var temperature = ReadNumber(root, "temperature", 0, 2);
            var topP = ReadNumber(root, "top_p", 0, 1);
            var stop = ReadStop(root);
            var seed = ReadSeed(root);
            var maxTokens = ReadPositiveInt(root, "max_completion_tokens") ?? ReadPositiveInt(root, "max_tokens");
            var stream = ReadBool(root, "stream") ?? false;
            var includeUsage = false;
            if (root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null)
            {
                if (streamOptions.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid("'stream_options' must be an object.", "stream_options");
                }

                includeUsage = ReadBool(streamOptions, "include_usage", "stream_options.include_usage") ?? false;
            }

            if (root.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) && count == 1))
            {
                throw Invalid("Only n = 1 is supported: a cascade produces one answer per request.", "n");
            }

            var user = OptionalString(root, "user");
            return new ChatCompletionRequest(model, messages, temperature, topP, maxTokens, stop, seed, stream, includeUsage, user);
        }

        private static List<ChatMessage> ReadMessages(JsonElement root)
        {
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
            {
                throw Invalid("'messages' is required: send at least one message.", "messages", "missing_required_parameter");
            }

            if (messages.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"'messages' must be an array, not {Describe(messages.ValueKind)}.", "messages");
            }

            var result = new List<ChatMessage>(messages.GetArrayLength());
            var index = 0;
            foreach (var message in messages.EnumerateArray())
            {
                result.Add(ReadMessage(message, index));
                index++;
            }

            if (result.Count == 0)
            {
                throw Invalid("'messages' is empty: send at least one message.", "messages", "empty_array");
            }

            // The cascade answers the last user message; a conversation without one has no question to route.
            if (!result.Exists(m => m.Role == ChatRole.User))
            {
                throw Invalid("'messages' has no user message: the cascade answers the last user message.", "messages");
            }

            return result;
        }

        private static ChatMessage ReadMessage(JsonElement message, int index)
        {
            var path = "messages[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"'{path}' must be an object with 'role' and 'content'.", path);
            }

            if (!message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                throw Invalid($"'{path}.role' is required and must be a string.", path + ".role");
            }

            var roleName = Text(roleElement, path + ".role");
            if (roleName is "tool" or "function")
            {
                throw Invalid($"'{path}.role' is '{roleName}': tool results are not supported; AutoMix cascades route and verify plain text answers, not tool calls.", path + ".role", "unsupported_parameter");
            }

            RefuseToolHistory(message, path);
            var role = roleName switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                _ => throw Invalid($"'{path}.role' is '{roleName}'; supported roles are system, developer, user and assistant.", path + ".role"),
            };

            var text = ReadContent(message, path, allowNull: role == ChatRole.Assistant);
            return new ChatMessage(role, text);
        }

        private static string ReadContent(JsonElement message, string path, bool allowNull)
        {
            if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            {
                if (allowNull)
                {
                    return string.Empty;
                }

                throw Invalid($"'{path}.content' is required.", path + ".content");
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                return Text(content, path + ".content");
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"'{path}.content' must be a string or an array of text parts, not {Describe(content.ValueKind)}.", path + ".content");
            }

            var builder = new StringBuilder();
            var partIndex = 0;
            foreach (var part in content.EnumerateArray())
            {
                var partPath = path + ".content[" + partIndex.ToString(CultureInfo.InvariantCulture) + "]";
                if (part.ValueKind != JsonValueKind.Object
                    || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    throw Invalid($"'{partPath}' must be an object with a 'type'.", partPath);
                }

                var typeName = Text(type, partPath + ".type");
                if (typeName != "text")
                {
                    throw Invalid($"'{partPath}.type' is '{typeName}'; only text parts are supported.", partPath + ".type");
                }

                if (!part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    throw Invalid($"'{partPath}.text' is required and must be a string.", partPath + ".text");
                }

                builder.Append(Text(text, partPath + ".text"));
                partIndex++;
            }

            return builder.ToString();
        }

        /// <summary>
        /// Tools and structured output change what an answer is; a cascade verifies free-text answers only, so
        /// silently ignoring these would hand the caller something it did not ask for.
        /// </summary>
        private static void RefuseUnsupported(JsonElement root)
        {
            foreach (var name in new[] { "tools", "functions", "tool_choice", "function_call" })
            {
                if (root.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null
                    && !(element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 0)
                    && !(element.ValueKind == JsonValueKind.String && element.ValueEquals("none")))
                {
                    throw Invalid($"'{name}' is not supported: AutoMix cascades route and verify plain text answers, not tool calls.", name, "unsupported_parameter");
                }
            }

            if (root.TryGetProperty("response_format", out var format) && format.ValueKind != JsonValueKind.Null
                && !(format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text")))
            {
                throw Invalid("'response_format' other than {\"type\": \"text\"} is not supported: AutoMix cascades verify plain text answers.", "response_format", "unsupported_parameter");
            }
        }

        private static float? ReadNumber(JsonElement root, string name, double min, double max)
        {
            if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || value < min || value > max)
            {
                throw Invalid(string.Format(CultureInfo.InvariantCulture, "'{0}' must be a number between {1} and {2}.", name, min, max), name);
            }

            return (float)value;
        }

        private static IReadOnlyList<string>? ReadStop(JsonElement root)
        {
            if (!root.TryGetProperty("stop", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                return new[] { Text(element, "stop") };
            }

            if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() <= 4)
            {
                var stops = new List<string>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw Invalid("'stop' must be a string or an array of up to 4 strings.", "stop");
                    }

                    stops.Add(Text(item, "stop"));
                }

                return stops;
            }

            throw Invalid("'stop' must be a string or an array of up to 4 strings.", "stop");
        }

        private static long? ReadSeed(JsonElement root)
        {
            if (!root.TryGetProperty("seed", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var seed)
                ? seed
                : throw Invalid("'seed' must be an integer.", "seed");
        }

        private static int? ReadPositiveInt(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value <= 0)
            {
                throw Invalid($"'{name}' must be a positive integer.", name);
            }

            return value;
        }

        private static bool? ReadBool(JsonElement parent, string name, string? path = null)
        {
            if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return element.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid($"'{path ?? name}' must be true or false.", path ?? name),
            };
        }

        private static string RequiredString(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                throw Invalid($"'{name}' is required.", name, "missing_required_parameter");
            }

            var value = element.ValueKind == JsonValueKind.String ? Text(element, name) : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw Invalid($"'{name}' must be a non-empty string.", name);
            }

            return value!;
        }

        private static string? OptionalString(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return element.ValueKind == JsonValueKind.String
                ? Text(element, name)
                : throw Invalid($"'{name}' must be a string.", name);
        }

        /// <summary>
        /// A JSON string's value. Invalid UTF-8 (0xFF, an overlong 0xC0 0xAF) and unpaired surrogate escapes
        /// ("\ud800") pass JsonDocument's parse and only fail here; they are the client's mistake, so a 400.
        /// </summary>
        private static string Text(JsonElement element, string path)
        {
            try
            {
                return element.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                throw Invalid($"'{path}' is not valid text: it holds invalid UTF-8 or an unpaired surrogate escape (\\ud800-\\udfff).", path);
            }
        }

        /// <summary>Tool results and tool calls in the history: the cascade cannot verify them, so refuse instead of dropping them.</summary>
        private static void RefuseToolHistory(JsonElement message, string path)
        {
            foreach (var name in new[] { "tool_calls", "function_call" })
            {
                if (message.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null
                    && !(element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 0))
                {
                    throw Invalid($"'{path}.{name}' is not supported: AutoMix cascades route and verify plain text answers, not tool calls.", path + "." + name, "unsupported_parameter");
                }
            }
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };

        private static ChatCompletionRequestException Invalid(string message, string? param = null, string? code = null) =>
            new(OpenAIError.InvalidRequest(message, param, code));

        /// <summary>
        /// System.Text.Json's message ends with " Path: $ | LineNumber: 0 | BytePositionInLine: 12." (zero-based);
        /// the message above already gives the position, one-based, so only the description is kept.
        /// </summary>
        private static string WithoutPosition(string message)
        {
            foreach (var marker in new[] { " Path: ", " LineNumber: " })
            {
                var at = message.IndexOf(marker, StringComparison.Ordinal);
                if (at > 0)
                {
                    message = message.Substring(0, at);
                }
            }

            return message.TrimEnd();
        }
    }
}
