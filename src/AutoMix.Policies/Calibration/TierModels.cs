using System;
using System.Collections.Generic;
using System.Linq;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Calibration
{
    /// <summary>Resolves which recorded model plays each tier, failing clearly on a missing or unknown name.</summary>
    public static class TierModels
    {
        /// <summary>
        /// The default mapping: each tier played by the model its policy names (<c>model:</c>), which is what recorded
        /// runs are keyed by when they were recorded for this policy.
        /// </summary>
        public static IReadOnlyDictionary<string, string> FromPolicy(PolicyDocument policy)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tier in policy.Tiers)
            {
                map[tier.Name] = tier.Model;
            }

            return map;
        }

        /// <summary>A query's run of every tier's model, in tier order; false when a model has no run (the row is skipped).</summary>
        public static bool TryGetRuns(RecordedQuery query, IReadOnlyList<string> models, out RecordedRun[] runs)
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            runs = new RecordedRun[models.Count];
            for (var t = 0; t < runs.Length; t++)
            {
                if (!query.Runs.TryGetValue(models[t], out runs[t]!))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The recorded model name of every tier, in tier order.</summary>
        public static string[] Resolve(PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyDictionary<string, string> tierToModel)
        {
            if (tierToModel is null)
            {
                throw new ArgumentNullException(nameof(tierToModel));
            }

            foreach (var tier in tierToModel.Keys)
            {
                if (policy.IndexOfTier(tier) < 0)
                {
                    throw new ArgumentException(
                        $"The mapping names tier '{tier}', which policy '{policy.PolicyName}' does not have; its tiers are: {string.Join(", ", policy.Tiers.Select(t => t.Name))}.",
                        nameof(tierToModel));
                }
            }

            var present = new HashSet<string>(rows.SelectMany(r => r.Runs.Keys), StringComparer.Ordinal);
            var models = new string[policy.Tiers.Count];
            for (var t = 0; t < models.Length; t++)
            {
                var name = policy.Tiers[t].Name;
                if (!tierToModel.TryGetValue(name, out var model))
                {
                    throw new ArgumentException($"Tier '{name}' is not mapped to a recorded model; map every tier of the policy.", nameof(tierToModel));
                }

                if (!present.Contains(model))
                {
                    throw new ArgumentException(
                        $"Model '{model}' (tier '{name}') does not occur in the data; models present: {string.Join(", ", present.OrderBy(m => m, StringComparer.Ordinal))}.",
                        nameof(tierToModel));
                }

                models[t] = model;
            }

            return models;
        }
    }
}
