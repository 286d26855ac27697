using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoMix.Policies.Compilation;
using Xunit;

namespace AutoMix.Policies.Tests.Compilation;

/// <summary>AMX0104: the POMDP solve is estimated before it runs, and a policy too large to solve is refused.</summary>
public class SolverGuardTests
{
    /// <summary>A POMDP policy with <paramref name="tiers"/> tiers of <paramref name="bins"/> bins and a valid model (all 2^tiers states).</summary>
    internal static string Policy(int tiers, int bins)
    {
        var text = new StringBuilder("automix: 1\npolicy: Big\ntiers:\n");
        for (var t = 0; t < tiers; t++)
        {
            var cost = (t + 1) * 2;
            text.Append(CultureInfo.InvariantCulture, $"  - {{ name: t{t}, model: m{t}, cost: {cost}")
                .Append(t < tiers - 1 ? $", verifier: {{ method: logprob, cost: 1, observations: {{ bins: {bins} }} }}" : string.Empty)
                .Append(" }\n");
        }

        text.Append("router: { kind: pomdp, objective: max-ibc }\nmodel:\n  states:\n");
        var states = 1 << tiers;
        var row = "[" + string.Join(", ", Enumerable.Range(0, bins).Select(b => (b == 0 ? 1.0 - ((bins - 1) * (1.0 / bins)) : 1.0 / bins).ToString("R", CultureInfo.InvariantCulture))) + "]";
        for (var s = 0; s < states; s++)
        {
            var prior = s == 0 ? 1.0 - ((states - 1) * (1.0 / states)) : 1.0 / states;
            text.Append(CultureInfo.InvariantCulture, $"    - name: s{s}\n      prior: {prior.ToString("R", CultureInfo.InvariantCulture)}\n      performance: [{string.Join(", ", Enumerable.Range(0, tiers).Select(t => (s >> t) & 1))}]\n      observations:\n");
            for (var t = 0; t < tiers - 1; t++)
            {
                text.Append(CultureInfo.InvariantCulture, $"        t{t}: {row}\n");
            }
        }

        return text.ToString();
    }

    [Fact]
    public void A_policy_too_large_to_solve_is_refused_at_its_first_tier_without_solving()
    {
        var text = Policy(8, 9);
        var clock = Stopwatch.StartNew();
        var compilation = PolicyCompiler.Compile(text, "big.automix.yaml");
        clock.Stop();

        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Id == "AMX0104");
        Assert.True(diagnostic.IsError);
        Assert.Null(compilation.Default);
        Assert.Equal(3, diagnostic.Span.StartLine); // the first tier
        Assert.Contains("8 tiers", diagnostic.Message);
        Assert.Contains("256 states", diagnostic.Message);
        Assert.True(CompilationLimits.EstimateSolverSteps(compilation.Document!) > CompilationLimits.MaxSolverSteps);
    }

    [Theory]
    [InlineData(2, 9)]
    [InlineData(3, 65)]
    [InlineData(5, 9)]
    public void Policies_within_the_limit_solve(int tiers, int bins)
    {
        var compilation = PolicyCompiler.Compile(Policy(tiers, bins), "ok.automix.yaml");
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
        Assert.NotNull(compilation.Default);
        Assert.True(CompilationLimits.EstimateSolverSteps(compilation.Document!) <= CompilationLimits.MaxSolverSteps);
    }

    [Fact]
    public void The_estimate_counts_every_path_of_bins()
    {
        // A visit at a tier is 1 + bins · (visits of every later tier): the final tier counts 1, the first 1 + 2·1 = 3.
        var compilation = PolicyCompiler.Compile(Policy(2, 2), "tiny.automix.yaml");
        var steps = CompilationLimits.EstimateSolverSteps(compilation.Document!);

        // t1 (final): 1 visit × 1 × 16; t0: (1 + 2·1) visits × 2 bins × 16. The model has 4 states, but a visit counts
        // as at least 16 (its decision record), so a model with very few states cannot hide a huge table.
        Assert.Equal(CompilationLimits.MinStatesPerVisit * (1 + 6), steps);
    }
}
