using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>
/// Where the verified part of a cascade ended: an accepted verified answer, or (<see cref="Accepted"/> null) the tier
/// and node to answer with unverified: the final tier, or a tier whose node does not verify.
/// </summary>
internal readonly record struct RouteOutcome(int Tier, int Node, ChatResponse? Accepted);
