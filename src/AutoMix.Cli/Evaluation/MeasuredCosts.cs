using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;

namespace AutoMix.Cli.Evaluation;

/// <summary>
/// <c>--costs measured</c>: each tier costs the mean recorded <c>cost_usd</c> of its model per call, and its
/// verification the same (the paper's convention: the k verifier samples together cost one call).
/// </summary>
internal static class MeasuredCosts
{
    public static (PolicyDocument Policy, string Note) Reprice(PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyList<string> models)
    {
        var tiers = new List<TierSpec>(policy.Tiers.Count);
        var notes = new List<string>();
        for (var t = 0; t < policy.Tiers.Count; t++)
        {
            var tier = policy.Tiers[t];
            var costs = rows.Select(q => q.Runs[models[t]].CostUsd).ToList();
            var present = costs.Where(c => c is not null).Select(c => c!.Value).ToList();
            if (present.Count == 0)
            {
                throw new CliException(
                    $"error: --costs measured: mismatched costs: the data has no cost_usd for model '{models[t]}' (tier '{tier.Name}'); "
                    + "use --costs paper, or record runs with costs.");
            }

            var mean = present.Average();
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{tier.Name} ({models[t]}) {mean:0.######} USD per call over {present.Count} of {costs.Count} rows"));
            tiers.Add(tier with { Cost = mean, Verifier = tier.Verifier is null ? null : tier.Verifier with { Cost = mean } });
        }

        return (policy with { Tiers = new EquatableArray<TierSpec>(tiers) }, "measured costs: " + string.Join("; ", notes));
    }
}
