using AutoMix.Cli.Evaluation;
using Xunit;

namespace AutoMix.Cli.Tests;

public class FrontierListingTests
{
    private static readonly FrontierResult[] Frontier =
    {
        new(0, 0.001, 0.97, 72, 0.949, 72, -31),
        new(0.001, 0.002, 0.97, 50, 0.949, 50, 0),
        new(0.002, 0.003, 0.96, 41, 0.94, 32.3, 51),
        new(0.003, 0.004, 0.95, 37, 0.94, 32.3, 51),   // replays like the one before
        new(0.004, 0.005, 0.94, 35, 0.94, 32.3, 51),   // and again
        new(0.005, null, 0.80, 1, 0.787, 1, null),
    };

    [Fact]
    public void Neighbours_that_replay_identically_share_one_row_spanning_their_lambdas()
    {
        var rows = FrontierListing.Merge(Frontier);

        Assert.Equal(4, rows.Count);
        var merged = rows[2];
        Assert.Equal((0.002, 0.005), (merged.LambdaLow, merged.LambdaHigh!.Value));
        Assert.Equal((0.94, 0.96), (merged.ExpectedQualityMin, merged.ExpectedQualityMax));
        Assert.Equal((35.0, 41.0), (merged.ExpectedCostMin, merged.ExpectedCostMax));
        Assert.Equal(3, merged.Policies);
        Assert.Null(rows[^1].LambdaHigh);
    }

    [Fact]
    public void The_plot_gets_each_replayed_point_once()
    {
        var points = FrontierListing.DistinctPoints(Frontier);

        Assert.Equal(new[] { (1.0, 0.787), (32.3, 0.94), (50.0, 0.949), (72.0, 0.949) }, points);
    }

    [Fact]
    public void The_report_lists_a_merged_row_once_with_its_expected_ranges()
    {
        var shares = new Dictionary<string, double> { ["small"] = 0.5, ["large"] = 0.5 };
        var router = new RouterResult(0.9, 10, 5, null, null, shares, null, null, null);
        var report = new EvalReport(
            new PolicyInfo("p.automix.yaml", "P", "pomdp", "max-ibc", "default", null, null),
            new DataInfo("runs.jsonl", "abc", "test", "train", 10, 0, 0),
            "paper",
            1,
            new[] { new TierInfo("small", "s", 1, 1, "self-verification", 8), new TierInfo("large", "l", 50, 0, null, null) },
            router,
            router,
            new Baselines(new[] { new AlwaysTierResult("small", "s", 0.787, 1), new AlwaysTierResult("large", "l", 0.949, 50) }, null, new[] { new MixingResult(0, 0.787, 1) }, Frontier),
            Array.Empty<string>());

        var markdown = EvalOutput.Markdown(report);

        Assert.Contains("| 0.002 | 0.005 | 0.9400–0.9600 | 35.000–41.000 | 0.9400 | 32.300 | 51.0 |", markdown);
        Assert.Single(markdown.Split('\n'), line => line.EndsWith("| 0.9400 | 32.300 | 51.0 |", StringComparison.Ordinal));
        Assert.Contains("6 solver policies, 4 rows", markdown);
        Assert.Contains("No warnings or notes.", markdown);
        Assert.Contains(EvalOutput.Rows(report), row => row[0] == "best of 4 distinct frontier policies (hindsight)");
    }
}
