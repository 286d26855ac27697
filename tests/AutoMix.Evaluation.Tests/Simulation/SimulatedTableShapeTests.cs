using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using AutoMix.Evaluation.Simulation;
using Microsoft.Extensions.AI;
using Xunit;

namespace AutoMix.Evaluation.Tests.Simulation;

/// <summary>The simulated tiers serve tables that start past the first tier or accept a tier without verifying.</summary>
public class SimulatedTableShapeTests
{
    // small (1 + verifier 1, 3 bins), medium (10 + 2, 2 bins), large (50). Medium and large answer every query right.
    private const string PolicyText = """
        automix: 1
        policy: Simulated
        tiers:
          - name: small
            model: s
            cost: 1
            verifier:
              method: self-verification
              samples: 2
          - name: medium
            model: m
            cost: 10
            verifier:
              method: logprob
              cost: 2
              observations:
                bins: 2
          - name: large
            model: l
            cost: 50
        router:
          kind: pomdp
        model:
          states:
            - name: easy
              prior: 0.5
              performance: [1, 1, 1]
              observations:
                small: [0.2, 0.3, 0.5]
                medium: [0.1, 0.9]
            - name: hard
              prior: 0.5
              performance: [0, 1, 1]
              observations:
                small: [0.6, 0.3, 0.1]
                medium: [0.5, 0.5]
        """;

    private static readonly PolicyDocument Policy = PolicyCompiler.Compile(PolicyText, "simulated.automix.yaml").Document!;

    [Fact]
    public async Task A_table_starting_at_an_unverified_middle_tier_calls_only_that_tier()
    {
        var table = PolicyTableBuilder.Build(TableTiers.From(Policy), 1, (_, _) => false, (_, _, _) => TableAction.Accept);

        var results = await RunAsync(table);

        Assert.All(results, r =>
        {
            Assert.Equal(r.Query.GoldAnswer, r.Result.Response.Text);
            var step = Assert.Single(r.Result.Trace.Steps);
            Assert.Equal((1, CascadeStepOutcome.AcceptedUnverified, 10.0), (step.TierIndex, step.Outcome, step.Cost));
        });
    }

    [Fact]
    public async Task A_verified_first_tier_hands_its_low_bin_to_an_unverified_middle_tier()
    {
        var table = PolicyTableBuilder.Build(
            TableTiers.From(Policy), 0, (tier, _) => tier == 0, (_, _, bin) => bin == 0 ? TableAction.RouteTo(1) : TableAction.Accept);

        var results = await RunAsync(table);

        Assert.Contains(results, r => r.Query.Bins[0] == 0);
        Assert.Contains(results, r => r.Query.Bins[0] != 0);
        Assert.All(results, r =>
        {
            var outcomes = r.Result.Trace.Steps.Select(s => s.Outcome).ToArray();
            if (r.Query.Bins[0] == 0)
            {
                Assert.Equal(new[] { CascadeStepOutcome.Routed, CascadeStepOutcome.AcceptedUnverified }, outcomes);
                Assert.Equal(2 + 10, r.Result.Trace.TotalCost);
                Assert.Equal(r.Query.GoldAnswer, r.Result.Response.Text);
            }
            else
            {
                Assert.Equal(new[] { CascadeStepOutcome.Accepted }, outcomes);
                Assert.Equal(2, r.Result.Trace.TotalCost);
            }
        });
    }

    private static async Task<List<(SimulatedQuery Query, CascadeResult Result)>> RunAsync(PolicyTable table)
    {
        var world = new SimulatedWorld(Policy, 60, seed: 7);
        var tiers = Policy.Tiers.Select(t => new CascadeTier(t.Name, t.Model, t.Cost, t.Verifier)).ToList();
        using var cascade = new AutoMixCascade(new CascadeDefinition("Simulated", tiers, table), world.Clients());
        var results = new List<(SimulatedQuery, CascadeResult)>();
        foreach (var query in world.Queries)
        {
            results.Add((query, await cascade.RunAsync(new[] { new ChatMessage(ChatRole.User, query.Question) })));
        }

        return results;
    }
}
