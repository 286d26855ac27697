using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>The outcome of a cascade run: the accepted answer as a normal <see cref="ChatResponse"/>, and its trace.</summary>
public sealed record CascadeResult(ChatResponse Response, CascadeTrace Trace);
