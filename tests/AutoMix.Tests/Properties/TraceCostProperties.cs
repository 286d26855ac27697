using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using CsCheck;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Properties;

/// <summary>The runtime's ledger against the table: over random cascades, tables and verdicts, the trace visits
/// exactly the table's path for the observed bins and charges exactly that path's cost.</summary>
public class TraceCostProperties
{
    /// <summary>One random case: per tier (cost, verifier cost, verdicts), and a routing choice per (tier, bin).</summary>
    private sealed record Case(double[] Costs, double[] VerifierCosts, bool[][] Verdicts, int[] Choices)
    {
        public override string ToString() =>
            $"costs [{string.Join(", ", Costs)}], verifier costs [{string.Join(", ", VerifierCosts)}], verdicts [{string.Join(" | ", Verdicts.Select(v => string.Concat(v.Select(b => b ? '1' : '0'))))}], choices [{string.Join(",", Choices)}]";
    }

    private static readonly Gen<Case> Cases =
        Gen.Int[2, 3].SelectMany(tierCount =>
            Gen.Select(
                Gen.Int[1, 100].Select(c => c / 4.0).Array[tierCount],
                Gen.Int[0, 20].Select(c => c / 4.0).Array[tierCount],
                Gen.Bool.Array[1, 5].Array[tierCount],
                Gen.Int[0, 9].Array[tierCount * 6],
                (costs, verifierCosts, verdicts, choices) => new Case(costs, verifierCosts, verdicts, choices)));

    [Fact]
    public void Trace_costs_equal_the_tables_path_costs() =>
        Cases.Sample(c =>
        {
            var n = c.Costs.Length;
            var tiers = Enumerable.Range(0, n).Select(t => new CascadeTier(
                "t" + t, "m" + t, c.Costs[t],
                t < n - 1 ? Verifier(samples: c.Verdicts[t].Length, cost: c.VerifierCosts[t]) : null)).ToArray();
            // Choice 0 accepts; any other routes to a later tier (bins <= 6 for k <= 5 samples).
            var table = Table(tiers, (tier, bin) =>
            {
                var choice = c.Choices[(tier * 6) + bin] % (n - tier);
                return choice == 0 ? TableAction.Accept : TableAction.RouteTo(tier + choice);
            });
            var clients = Enumerable.Range(0, n).Select(t => (IChatClient)new FakeChatClient("m" + t, "answer " + t)
            {
                Verdicts = c.Verdicts[t].Select(v => v ? Correct : Incorrect).ToArray(),
            }).ToArray();
            var cascade = new AutoMixCascade(Definition(tiers, table), clients);

            var trace = cascade.RunAsync(Question()).GetAwaiter().GetResult().Trace;

            // Walk the table with the bins the verdicts imply.
            var expectedTiers = new List<int>();
            var expectedCost = 0.0;
            var node = 0;
            while (true)
            {
                var tier = table.NodeTier[node];
                expectedTiers.Add(tier);
                expectedCost += c.Costs[tier];
                if (tier == n - 1)
                {
                    break;
                }

                expectedCost += c.VerifierCosts[tier];
                var confidence = (double)c.Verdicts[tier].Count(v => v) / c.Verdicts[tier].Length;
                var next = table.Next(node, tiers[tier].Verifier!.Binning.BinOf(confidence));
                if (next == PolicyTable.AcceptSlot)
                {
                    break;
                }

                node = next;
            }

            Assert.Equal(expectedTiers, trace.Steps.Select(s => s.TierIndex));
            Assert.Equal(expectedCost, trace.TotalCost, 9);
            Assert.Equal(trace.TotalCost, trace.Steps.Sum(s => s.Cost), 9);
            Assert.Equal(expectedTiers[^1], trace.AnsweringTier);
        }, iter: 2_000);
}
