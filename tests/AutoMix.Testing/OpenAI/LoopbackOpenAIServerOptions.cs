using System.Collections.Generic;

namespace AutoMix.Testing.OpenAI;

/// <summary>Settings of a <see cref="LoopbackOpenAIServer"/>.</summary>
public sealed record LoopbackOpenAIServerOptions
{
    /// <summary>Model ids listed by <c>GET /v1/models</c>. Requests for other models are still answered.</summary>
    public IReadOnlyList<string> Models { get; init; } = ["loopback-model"];

    /// <summary>
    /// When set, requests must carry <c>Authorization: Bearer {RequiredApiKey}</c>; others get a 401 in the
    /// OpenAI error shape (they are still recorded).
    /// </summary>
    public string? RequiredApiKey { get; init; }
}
