using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Tests.Solving;

/// <summary>Builds policy documents in code for solver tests, independent of the YAML parser.</summary>
internal static class TestPolicies
{
    /// <param name="costs">Tier costs; every tier but the last is verified with a verifier costing as much as <paramref name="verifierCosts"/>.</param>
    /// <param name="states">(prior, performance per tier, observation rows per verified tier).</param>
    public static PolicyDocument Make(
        double[] costs,
        double[] verifierCosts,
        int[] bins,
        params (double Prior, double[] Performance, double[][] Rows)[] states)
    {
        var tiers = new TierSpec[costs.Length];
        for (var t = 0; t < costs.Length; t++)
        {
            var verifier = t < costs.Length - 1
                ? new VerifierSpec(VerifierMethod.SelfVerification, bins[t] - 1, 1.0, verifierCosts[t], ObservationBinning.Equal(bins[t]), SourceSpan.None)
                : null;
            tiers[t] = new TierSpec("t" + t, "model-" + t, costs[t], verifier, SourceSpan.None);
        }

        var hidden = new HiddenState[states.Length];
        for (var s = 0; s < states.Length; s++)
        {
            var rows = new ObservationRow[states[s].Rows.Length];
            for (var t = 0; t < rows.Length; t++)
            {
                rows[t] = new ObservationRow("t" + t, new EquatableArray<double>(states[s].Rows[t]));
            }

            hidden[s] = new HiddenState("s" + s, states[s].Prior, new EquatableArray<double>(states[s].Performance), new EquatableArray<ObservationRow>(rows), SourceSpan.None);
        }

        var router = new RouterSpec(RouterKind.Pomdp, 0, null, ObjectiveSpec.MaxIbc, EquatableArray<OperatingPointSpec>.Empty, SourceSpan.None);
        return new PolicyDocument(1, "Test", null, null, new EquatableArray<TierSpec>(tiers), router,
            new ObservationModel(new EquatableArray<HiddenState>(hidden), null, SourceSpan.None), null, SourceSpan.None);
    }

    /// <summary>A random model with binary performance vectors over every tier and Dirichlet-ish rows.</summary>
    public static PolicyDocument Random(System.Random random, double[] costs, int bins)
    {
        var stateCount = 1 << costs.Length;
        var priors = Normalised(random, stateCount);
        var states = new (double Prior, double[] Performance, double[][] Rows)[stateCount];
        for (var s = 0; s < stateCount; s++)
        {
            var performance = new double[costs.Length];
            for (var t = 0; t < costs.Length; t++)
            {
                performance[t] = (s >> t) & 1;
            }

            var rows = new double[costs.Length - 1][];
            for (var t = 0; t < rows.Length; t++)
            {
                rows[t] = Normalised(random, bins);
            }

            states[s] = (priors[s], performance, rows);
        }

        var verifierCosts = new double[costs.Length];
        var allBins = new int[costs.Length];
        for (var t = 0; t < costs.Length; t++)
        {
            verifierCosts[t] = costs[t];
            allBins[t] = bins;
        }

        return Make(costs, verifierCosts, allBins, states);
    }

    private static double[] Normalised(System.Random random, int count)
    {
        var values = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() + 0.01;
            sum += values[i];
        }

        for (var i = 0; i < count; i++)
        {
            values[i] /= sum;
        }

        return values;
    }
}
