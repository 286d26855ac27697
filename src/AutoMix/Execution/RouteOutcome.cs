using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>Where the verified part of a cascade ended: an accepted answer of a verified tier, or the final tier to run.</summary>
internal readonly record struct RouteOutcome(int Tier, int Node, ChatResponse? Accepted);
