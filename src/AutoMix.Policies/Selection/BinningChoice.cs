using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Selection
{
    /// <summary>
    /// A way to bin the verifiers whose binning the policy leaves to calibration: the policy's own default, or
    /// quantile edges of the tier's recorded confidences with a given number of bins. Only a verifier that bins
    /// the recorded probability itself (logprob) takes part: a sampled verifier's share j/k already has its
    /// natural k+1 bins.
    /// </summary>
    public sealed class BinningChoice
    {
        private BinningChoice(string name, int quantileBins)
        {
            Name = name;
            QuantileBins = quantileBins;
        }

        /// <summary>"policy" or "quantile 8".</summary>
        public string Name { get; }

        /// <summary>0 for the policy's own binning.</summary>
        public int QuantileBins { get; }

        public bool IsPolicyBinning => QuantileBins == 0;

        public static BinningChoice PolicyBinning { get; } = new BinningChoice("policy bins", 0);

        public static BinningChoice Quantile(int bins) =>
            new BinningChoice("quantile " + bins.ToString(CultureInfo.InvariantCulture) + " bins", bins);

        /// <summary>The policy's own binning first, then quantile binnings when some tier leaves its bins to calibration.</summary>
        public static IReadOnlyList<BinningChoice> Candidates(PolicyDocument policy, SelectionOptions options)
        {
            var result = new List<BinningChoice> { PolicyBinning };
            if (policy.Tiers.Any(t => Eligible(policy, t)))
            {
                result.AddRange(options.QuantileBins.Select(Quantile));
            }

            return result;
        }

        /// <summary>Whether calibration may choose this tier's bins.</summary>
        public static bool Eligible(PolicyDocument policy, TierSpec tier) =>
            tier.Verifier is { Method: VerifierMethod.Logprob } && policy.HasDefaultBinning(tier.Name);

        /// <summary>The policy with this binning applied to every eligible tier, edges from <paramref name="rows"/>.</summary>
        public PolicyDocument Apply(PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyDictionary<string, string> tierToModel) =>
            Apply(policy, rows, tierToModel, out _);

        /// <summary>As <see cref="Apply(PolicyDocument, IReadOnlyList{RecordedQuery}, IReadOnlyDictionary{string, string})"/>, also giving the chosen edges (model.binning).</summary>
        public PolicyDocument Apply(PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyDictionary<string, string> tierToModel, out EquatableArray<TierBinning> chosen)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            chosen = EquatableArray<TierBinning>.Empty;
            if (IsPolicyBinning)
            {
                return policy;
            }

            var models = TierModels.Resolve(policy, rows, tierToModel);
            var tiers = policy.Tiers.ToArray();
            var binnings = new List<TierBinning>();
            for (var t = 0; t < tiers.Length; t++)
            {
                if (!Eligible(policy, tiers[t]))
                {
                    continue;
                }

                var confidences = rows.Where(q => q.Runs.ContainsKey(models[t])).Select(q => RecordedConfidence.Of(q.Runs[models[t]])).ToList();
                if (confidences.Count == 0)
                {
                    continue;
                }

                var binning = QuantileBinning.FromConfidences(confidences, QuantileBins);
                if (binning.BinCount < 2)
                {
                    // A constant signal: keep the policy's bins rather than one that cannot route.
                    continue;
                }

                tiers[t] = tiers[t] with { Verifier = tiers[t].Verifier! with { Binning = binning } };
                binnings.Add(new TierBinning(tiers[t].Name, binning));
            }

            chosen = new EquatableArray<TierBinning>(binnings.ToArray());
            return policy with { Tiers = new EquatableArray<TierSpec>(tiers) };
        }

        public override string ToString() => Name;
    }
}
