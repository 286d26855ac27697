using System.Collections.Generic;

namespace AutoMix.OpenAI;

/// <summary>
/// The log-probability of one generated token, with the most likely alternatives at that position when
/// <c>top_logprobs</c> was requested.
/// </summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Natural-log probability of the token.</param>
/// <param name="TopLogprobs">The most likely tokens at this position, best first (empty unless requested).</param>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<TopLogprob> TopLogprobs);
