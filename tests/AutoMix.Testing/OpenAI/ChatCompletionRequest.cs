using System.Collections.Generic;
using System.Text.Json;

namespace AutoMix.Testing.OpenAI;

/// <summary>
/// A <c>POST /v1/chat/completions</c> request as the loopback server received it: the common fields parsed,
/// plus the raw body and headers for anything else.
/// </summary>
public sealed record ChatCompletionRequest
{
    /// <summary>The <c>model</c> field.</summary>
    public required string Model { get; init; }

    /// <summary>The <c>messages</c>, in order.</summary>
    public required IReadOnlyList<RequestMessage> Messages { get; init; }

    /// <summary><c>temperature</c>, when sent.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>top_p</c>, when sent.</summary>
    public double? TopP { get; init; }

    /// <summary><c>n</c>, when sent (the API default is 1; see <see cref="ChoiceCount"/>).</summary>
    public int? N { get; init; }

    /// <summary><c>logprobs</c> (false when absent).</summary>
    public bool Logprobs { get; init; }

    /// <summary><c>top_logprobs</c>, when sent.</summary>
    public int? TopLogprobs { get; init; }

    /// <summary><c>max_completion_tokens</c>, or the legacy <c>max_tokens</c>, when sent.</summary>
    public int? MaxTokens { get; init; }

    /// <summary><c>seed</c>, when sent.</summary>
    public long? Seed { get; init; }

    /// <summary><c>stop</c> (a single string becomes a one-element list; empty when absent).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary><c>response_format.type</c>, when sent (text, json_object, json_schema).</summary>
    public string? ResponseFormatType { get; init; }

    /// <summary><c>stream</c> (false when absent).</summary>
    public bool Stream { get; init; }

    /// <summary><c>stream_options.include_usage</c> (false when absent).</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The request headers (first value of each, names case-insensitive).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The raw JSON body.</summary>
    public required string RawJson { get; init; }

    /// <summary>The number of choices the request asks for.</summary>
    public int ChoiceCount => N ?? 1;

    /// <summary>The <c>Authorization</c> header, or null.</summary>
    public string? Authorization => Headers.TryGetValue("Authorization", out string? value) ? value : null;

    /// <summary>A top-level body property (cloned, so it outlives the parse), or null when absent.</summary>
    public JsonElement? GetProperty(string name)
    {
        using JsonDocument document = JsonDocument.Parse(RawJson);
        return document.RootElement.TryGetProperty(name, out JsonElement value) ? value.Clone() : null;
    }
}
