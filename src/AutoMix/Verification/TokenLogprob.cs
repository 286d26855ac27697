using System.Collections.Generic;

namespace AutoMix.Verification;

/// <summary>
/// One generated token with its log probability and the most likely alternatives at that position.
/// The contract for logprob verification: a backend adapter puts the generated tokens, in order, as
/// <c>IReadOnlyList&lt;TokenLogprob&gt;</c> into <c>ChatResponse.AdditionalProperties["logprobs"]</c>.
/// </summary>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<TokenLogprob> TopLogprobs);
