using Xunit;

namespace AutoMix.Cli.Tests;

public class TableAndCheckTests
{
    [Fact]
    public async Task Table_prints_the_decisions_metrics_and_frontier()
    {
        var (code, output, error) = await CliRunner.RunAsync("table", CliRunner.Policy("paper-two-tier.automix.yaml"));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("operating point 'default'", output);
        Assert.Contains("  small     -> large", output);
        Assert.Contains("Expected performance", output);
        Assert.Contains("Worst-case cost 52 (small -> large)", output);
        Assert.Contains("Lambda-frontier", output);
    }

    [Fact]
    public async Task Check_passes_every_sample_policy()
    {
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policies"), "*.automix.yaml");
        Assert.NotEmpty(samples);
        var (code, output, _) = await CliRunner.RunAsync(new[] { "check" }.Concat(samples).ToArray());
        Assert.Equal(0, code);
        Assert.Equal(samples.Length, output.Split('\n').Count(line => line.Contains(": ok (0 error(s)")));
    }

    [Fact]
    public async Task Check_reports_errors_with_file_line_and_column_and_fails()
    {
        var path = CliRunner.TempFile("automix: 1\npolicy: Broken\ntiers:\n  - name: small\n    model: m\n    cost: -1\n");
        var (code, output, error) = await CliRunner.RunAsync("check", path);

        Assert.Equal(1, code);
        Assert.Contains($"{path}(6,11): error AMX0009", error);
        Assert.Contains("\n  help: Costs are relative units", error);
        Assert.Contains("(docs/policy-language.md#amx0009)", error);
        Assert.Contains("FAILED", output);
    }

    [Fact]
    public async Task Missing_files_get_a_clear_message_not_a_stack_trace()
    {
        var (code, _, error) = await CliRunner.RunAsync("table", "does-not-exist.automix.yaml");
        Assert.Equal(2, code);
        Assert.Contains("policy file 'does-not-exist.automix.yaml' does not exist", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Table_refuses_a_policy_with_errors()
    {
        var path = CliRunner.TempFile("automix: 2\n");
        var (code, _, error) = await CliRunner.RunAsync("table", path);
        Assert.Equal(1, code);
        Assert.Contains("AMX0005", error);
        Assert.Contains("error(s); fix them and run again", error);
    }
}
