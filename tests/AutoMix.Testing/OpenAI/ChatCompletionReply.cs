using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoMix.Testing.OpenAI;

/// <summary>
/// What the loopback server answers to one chat completion request: choices (200) or an error status with an
/// OpenAI-shaped error body, optionally after a delay. Build one with the factory methods and adjust with
/// <c>with { ... }</c>.
/// </summary>
public sealed record ChatCompletionReply
{
    /// <summary>HTTP status. 200 sends <see cref="Choices"/>; anything else sends the error body.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The choices, in index order (used when <see cref="StatusCode"/> is 200).</summary>
    public IReadOnlyList<ReplyChoice> Choices { get; init; } = [];

    /// <summary>
    /// Token usage. When null the server counts whitespace-separated words: prompt = words in all request
    /// messages, completion = words in all choices.
    /// </summary>
    public ReplyUsage? Usage { get; init; }

    /// <summary>When true no usage is sent at all (neither in JSON replies nor as the final stream chunk).</summary>
    public bool OmitUsage { get; init; }

    /// <summary>Wait before sending anything (status and headers included); ends early if the client disconnects.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Wait between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>The completion id; default <c>chatcmpl-loopback-{request number}</c>.</summary>
    public string? Id { get; init; }

    /// <summary>The reported model; default the request's model.</summary>
    public string? Model { get; init; }

    /// <summary>The <c>created</c> Unix time in seconds; default the current time.</summary>
    public long? Created { get; init; }

    /// <summary><c>error.message</c> for non-200 replies.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>error.type</c> for non-200 replies. Default <c>server_error</c>.</summary>
    public string ErrorType { get; init; } = "server_error";

    /// <summary><c>error.code</c> for non-200 replies, when set.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Extra response headers (for example <c>retry-after-ms</c> with a 429).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>One choice with <paramref name="text"/>.</summary>
    public static ChatCompletionReply Text(string text, string finishReason = "stop")
        => new() { Choices = [new ReplyChoice(text) { FinishReason = finishReason }] };

    /// <summary>One choice per text, in order (answer to a request with n = texts.Count).</summary>
    public static ChatCompletionReply Samples(IEnumerable<string> texts)
        => new() { Choices = texts.Select(static text => new ReplyChoice(text)).ToArray() };

    /// <summary>The given choices.</summary>
    public static ChatCompletionReply WithChoices(params ReplyChoice[] choices) => new() { Choices = choices };

    /// <summary>An HTTP error with an OpenAI-shaped body <c>{"error":{"message","type","code"}}</c>.</summary>
    public static ChatCompletionReply Error(int statusCode, string message, string type = "server_error", string? code = null)
    {
        if (statusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An error reply needs a 4xx or 5xx status.");
        }

        return new ChatCompletionReply { StatusCode = statusCode, ErrorMessage = message, ErrorType = type, ErrorCode = code };
    }
}
