using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace AutoMix.Server.Protocol
{
    /// <summary>The parts of an OpenAI chat completion request the server honours, already validated.</summary>
    internal sealed record ChatCompletionRequest(
        string Model,
        IReadOnlyList<ChatMessage> Messages,
        float? Temperature,
        float? TopP,
        int? MaxOutputTokens,
        IReadOnlyList<string>? Stop,
        long? Seed,
        bool Stream,
        bool IncludeUsage,
        string? User);
}
