using System;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>Typed access to the cascade trace that <see cref="AutoMixCascade"/> attaches to its responses.</summary>
public static class CascadeResponseExtensions
{
    /// <summary>The key under which responses and the final streaming update carry the <see cref="CascadeTrace"/>.</summary>
    public const string TraceKey = "automix.trace";

    /// <summary>The cascade trace of a response produced by <see cref="AutoMixCascade"/>, or null.</summary>
    public static CascadeTrace? GetCascadeTrace(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties is { } props && props.TryGetValue(TraceKey, out var value) ? value as CascadeTrace : null;
    }

    /// <summary>The cascade trace carried by a streaming update (the final update of a cascade stream), or null.</summary>
    public static CascadeTrace? GetCascadeTrace(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties is { } props && props.TryGetValue(TraceKey, out var value) ? value as CascadeTrace : null;
    }
}
