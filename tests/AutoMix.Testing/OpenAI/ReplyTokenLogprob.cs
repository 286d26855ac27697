using System.Collections.Generic;

namespace AutoMix.Testing.OpenAI;

/// <summary>A scripted token log-probability, with optional alternatives (best first).</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Its natural-log probability.</param>
/// <param name="TopLogprobs">Alternatives; the server sends as many as the request's top_logprobs asks for.</param>
public sealed record ReplyTokenLogprob(string Token, double Logprob, IReadOnlyList<ReplyTopLogprob>? TopLogprobs = null);

/// <summary>A scripted alternative token at one position.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Its natural-log probability.</param>
public sealed record ReplyTopLogprob(string Token, double Logprob);
