namespace AutoMix.OpenAI;

/// <summary>One alternative token at a position, as listed in <c>top_logprobs</c>.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Natural-log probability of the token.</param>
public sealed record TopLogprob(string Token, double Logprob);
