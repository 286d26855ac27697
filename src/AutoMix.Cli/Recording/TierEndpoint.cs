using System;
using System.Collections.Generic;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Model;

namespace AutoMix.Cli.Recording;

/// <summary>A tier to record: the policy's tier (its verifier), the model to call and where.</summary>
internal sealed record TierEndpoint(TierSpec Tier, string Model, Uri Endpoint)
{
    /// <summary>
    /// <c>--tiers small=m1,large=m2@http://host:8001/v1</c>: a model per tier, optionally on its own endpoint
    /// (the text after the last "@http" is the URL); the rest use <paramref name="endpoint"/>.
    /// </summary>
    public static IReadOnlyList<TierEndpoint> Parse(string? tiers, string endpoint, PolicyDocument policy)
    {
        var defaultEndpoint = ParseUri(endpoint, "--endpoint");
        var map = TierMapping.Parse(tiers, policy);
        var result = new List<TierEndpoint>();
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tier in policy.Tiers)
        {
            var value = map[tier.Name];
            var at = Math.Max(value.LastIndexOf("@http://", StringComparison.OrdinalIgnoreCase), value.LastIndexOf("@https://", StringComparison.OrdinalIgnoreCase));
            var model = at > 0 ? value[..at] : value;
            var uri = at > 0 ? ParseUri(value[(at + 1)..], $"--tiers {tier.Name}") : defaultEndpoint;
            if (models.TryGetValue(model, out var other))
            {
                throw new CliException($"error: tiers '{other}' and '{tier.Name}' both use model '{model}'; recorded runs are keyed by model, so each tier needs its own.");
            }

            models.Add(model, tier.Name);
            result.Add(new TierEndpoint(tier, model, uri));
        }

        return result;
    }

    private static Uri ParseUri(string text, string option)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"error: {option} must be an absolute http(s) URL such as http://localhost:8000/v1, not '{text}'.");
        }

        return uri;
    }
}
