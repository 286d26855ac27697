using Xunit;

namespace AutoMix.Cli.Tests;

/// <summary>Issue 11 item 19: recalibrating on the same data leaves the policy file untouched.</summary>
public class CalibrateUnchangedTests
{
    [Fact]
    public async Task A_second_calibration_on_the_same_rows_writes_nothing()
    {
        var path = await EvalTests.CalibratedPolicyAsync();
        var before = File.ReadAllText(path);

        // A different date in the provenance is the only thing a rerun could change.
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(before, "date: \"[0-9-]+\"", "date: \"2020-01-01\""));
        var dated = File.ReadAllText(path);
        var written = File.GetLastWriteTimeUtc(path);
        var (code, output, error) = await CliRunner.RunAsync("calibrate", path, "--runs", EvalTests.Fixture("runs.jsonl"), "--split", "train");

        Assert.True(code == 0, output + error);
        Assert.Contains("Unchanged", output);
        Assert.Equal(dated, File.ReadAllText(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task Calibrating_on_other_rows_still_writes()
    {
        var path = await EvalTests.CalibratedPolicyAsync();
        var before = File.ReadAllText(path);
        var (code, output, error) = await CliRunner.RunAsync("calibrate", path, "--runs", EvalTests.Fixture("runs.jsonl"), "--split", "all");

        Assert.True(code == 0, output + error);
        Assert.DoesNotContain("Unchanged", output);
        Assert.NotEqual(before, File.ReadAllText(path));
    }
}
