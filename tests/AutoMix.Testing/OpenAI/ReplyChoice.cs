using System.Collections.Generic;

namespace AutoMix.Testing.OpenAI;

/// <summary>One scripted choice of a reply.</summary>
/// <param name="Text">The assistant message content.</param>
public sealed record ReplyChoice(string Text)
{
    /// <summary>The <c>finish_reason</c> (stop, length, content_filter...). Default <c>stop</c>.</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary>
    /// Token log-probabilities. Sent only when the request asked for <c>logprobs</c> (as a real server does),
    /// with <c>top_logprobs</c> cut to the requested count. When streaming without explicit
    /// <see cref="Deltas"/>, each token becomes one chunk carrying its log-probability.
    /// </summary>
    public IReadOnlyList<ReplyTokenLogprob>? Logprobs { get; init; }

    /// <summary>
    /// How <see cref="Text"/> is split into streamed chunks; must concatenate to <see cref="Text"/>. When null,
    /// the text is split after each space (or per logprob token, see <see cref="Logprobs"/>).
    /// </summary>
    public IReadOnlyList<string>? Deltas { get; init; }
}
