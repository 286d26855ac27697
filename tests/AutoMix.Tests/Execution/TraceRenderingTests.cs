using System.Text.RegularExpressions;
using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Execution;

/// <summary>A trace prints as tiers visited, verifier samples, bins, decisions and costs; never as type names.</summary>
public class TraceRenderingTests
{
    [Fact]
    public async Task A_routed_run_prints_each_visit_with_its_samples_bin_decision_and_cost()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "Lyon") { Verdicts = new[] { Correct, Incorrect, Incorrect, Incorrect } };
        var large = new FakeChatClient("large-model", "Paris");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var trace = (await cascade.RunAsync(Question())).Trace;

        var text = Regex.Replace(trace.ToString(), @"\d+ ms", "_ ms");
        Assert.Equal(
            "test (operating point default): answered by large, 2 tiers visited, cost 21.5, tokens "
            + trace.InputTokens + " in / " + trace.OutputTokens + " out\n"
            + "  1. small (small-model): confidence 0.25 (1 correct, 3 incorrect of 4 samples), bin 1, routed to large; cost 1.5, _ ms\n"
            + "  2. large (large-model): answered; cost 20, _ ms",
            text);
        Assert.DoesNotContain("System.", trace.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("small (small-model): confidence 0.25", trace.Steps[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("routed to tier 1", trace.Steps[0].ToString(), StringComparison.Ordinal);
    }
}
