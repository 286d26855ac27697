using System.Text.Json;
using Xunit;

namespace AutoMix.Cli.Tests;

/// <summary>The cross-validation's standard errors in `calibrate`'s output, and `--smoothing logistic`.</summary>
public class CalibrateSmoothingTests
{
    private static async Task<(string Path, string Output)> CalibrateAsync(params string[] extra)
    {
        var path = CliRunner.TempFile(File.ReadAllText(EvalTests.Fixture("two-tier.automix.yaml")));
        var (code, output, error) = await CliRunner.RunAsync(new[] { "calibrate", path, "--runs", EvalTests.Fixture("runs.jsonl"), "--split", "train" }.Concat(extra).ToArray());
        Assert.True(code == 0, output + error);
        return (path, output);
    }

    [Fact]
    public async Task The_summary_says_how_many_candidates_the_rows_cannot_tell_apart()
    {
        var (_, output) = await CalibrateAsync();
        Assert.Matches(@"\d+ of \d+ candidates are within one standard error of it", output);
    }

    [Fact]
    public async Task The_json_reports_each_candidates_standard_error()
    {
        var (_, output) = await CalibrateAsync("--json");
        using var json = JsonDocument.Parse(output);
        var selection = json.RootElement.GetProperty("selection");
        var candidates = selection.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(0, selection.GetProperty("chosen").GetProperty("standardError").GetDouble(), 12);
        Assert.All(candidates.Where(c => c.TryGetProperty("deltaIbc", out _)), c => Assert.True(c.GetProperty("standardError").GetDouble() >= 0));
        Assert.InRange(selection.GetProperty("withinOneStandardError").GetInt32(), 1, candidates.Count);
    }

    [Fact]
    public async Task Logistic_smoothing_is_the_only_calibration_tried_and_is_written()
    {
        var (path, output) = await CalibrateAsync("--smoothing", "logistic", "--json");
        Assert.Contains("smoothing logistic 1", File.ReadAllText(path));
        using var json = JsonDocument.Parse(output);
        var candidates = json.RootElement.GetProperty("selection").GetProperty("candidates").EnumerateArray().ToList();
        Assert.Contains(candidates, c => c.GetProperty("kind").GetString() == "pomdp");
        Assert.All(candidates.Where(c => c.GetProperty("kind").GetString() == "pomdp"), c => Assert.Equal("logistic 1", c.GetProperty("smoothing").GetString()));
    }
}
