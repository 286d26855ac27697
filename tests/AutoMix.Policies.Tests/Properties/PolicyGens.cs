using AutoMix.Policies.Model;
using AutoMix.Policies.Tests.Solving;
using CsCheck;

namespace AutoMix.Policies.Tests.Properties;

/// <summary>CsCheck generators of POMDP policies: 2 or 3 tiers, every performance vector a hidden state, random priors and observation rows.</summary>
internal static class PolicyGens
{
    /// <summary>A probability vector of <paramref name="count"/> entries, each at least ~1% of the mass.</summary>
    public static Gen<double[]> Distribution(int count) =>
        Gen.Double[0.01, 1.01].Array[count].Select(values =>
        {
            var sum = values.Sum();
            return values.Select(v => v / sum).ToArray();
        });

    /// <summary>A policy over tiers with the given costs (the verifier of tier t costs as much as the tier) and <paramref name="bins"/> bins per verifier.</summary>
    public static Gen<PolicyDocument> Policy(double[] costs, int bins)
    {
        var stateCount = 1 << costs.Length;
        return Gen.Select(Distribution(stateCount), Distribution(bins).Array[stateCount * (costs.Length - 1)], (priors, rows) =>
        {
            var states = new (double Prior, double[] Performance, double[][] Rows)[stateCount];
            for (var s = 0; s < stateCount; s++)
            {
                var performance = Enumerable.Range(0, costs.Length).Select(t => (double)((s >> t) & 1)).ToArray();
                var stateRows = Enumerable.Range(0, costs.Length - 1).Select(t => rows[(s * (costs.Length - 1)) + t]).ToArray();
                states[s] = (priors[s], performance, stateRows);
            }

            return TestPolicies.Make(costs, costs, Enumerable.Repeat(bins, costs.Length).ToArray(), states);
        });
    }

    /// <summary>Two tiers (1 → 50) or three (1 → 8 → 50), 2–9 bins.</summary>
    public static readonly Gen<PolicyDocument> AnyPolicy =
        Gen.Select(Gen.Bool, Gen.Int[2, 9]).SelectMany(t => Policy(t.Item1 ? new[] { 1.0, 50.0 } : new[] { 1.0, 8.0, 50.0 }, t.Item2));
}
