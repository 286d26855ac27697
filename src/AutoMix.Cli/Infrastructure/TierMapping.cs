using System;
using System.Collections.Generic;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Model;

namespace AutoMix.Cli.Infrastructure;

/// <summary>Parses <c>--tiers small=llama3.1-8b,large=llama3.1-70b</c>; without it each tier is played by its policy's model.</summary>
internal static class TierMapping
{
    public static IReadOnlyDictionary<string, string> Parse(string? value, PolicyDocument policy)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return TierModels.FromPolicy(policy);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new CliException($"error: --tiers entry '{pair}' is not of the form tier=model (e.g. small=llama3.1-8b).");
            }

            var tier = pair[..equals].Trim();
            if (policy.IndexOfTier(tier) < 0)
            {
                throw new CliException($"error: --tiers names tier '{tier}', but policy '{policy.PolicyName}' has tiers: {string.Join(", ", TierNames(policy))}.");
            }

            if (!map.TryAdd(tier, pair[(equals + 1)..].Trim()))
            {
                throw new CliException($"error: --tiers maps tier '{tier}' twice.");
            }
        }

        foreach (var tier in TierNames(policy))
        {
            if (!map.ContainsKey(tier))
            {
                throw new CliException($"error: --tiers does not map tier '{tier}'; map every tier of the policy ({string.Join(", ", TierNames(policy))}).");
            }
        }

        return map;
    }

    private static IEnumerable<string> TierNames(PolicyDocument policy)
    {
        foreach (var tier in policy.Tiers)
        {
            yield return tier.Name;
        }
    }
}
