using System.Text.Json;
using System.Xml.Linq;
using AutoMix.Cli.Evaluation;
using AutoMix.Testing.Svg;
using Xunit;

namespace AutoMix.Cli.Tests;

public class EvalTests
{
    private const string Tiers = "small=small-m,large=large-m";

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A scratch copy of the fixture policy, calibrated on the fixture's train rows.</summary>
    internal static async Task<string> CalibratedPolicyAsync()
    {
        var path = CliRunner.TempFile(File.ReadAllText(Fixture("two-tier.automix.yaml")));
        var (code, output, error) = await CliRunner.RunAsync("calibrate", path, "--runs", Fixture("runs.jsonl"), "--split", "train");
        Assert.True(code == 0, output + error);
        return path;
    }

    /// <summary>A calibrated fixture policy whose objective cannot be met, so it compiles with warning AMX0103.</summary>
    private static async Task<string> PolicyWithAWarningAsync()
    {
        var path = CliRunner.TempFile(File.ReadAllText(Fixture("two-tier.automix.yaml")).Replace("objective: max-ibc", "objective: { max-expected-cost: 0.5 }"));
        var calibrate = await CliRunner.RunAsync("calibrate", path, "--runs", Fixture("runs.jsonl"), "--split", "train");
        Assert.True(calibrate.ExitCode == 0, calibrate.Out + calibrate.Error);
        return path;
    }

    [Fact]
    public async Task Eval_replays_the_test_split_through_the_runtime_and_prints_the_baselines()
    {
        var policy = await CalibratedPolicyAsync();

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers);

        Assert.True(code == 0, output + error);
        Assert.Contains("on 24 rows", output);
        Assert.Contains("(split test)", output);
        Assert.Contains("AutoMix (runtime replay)", output);
        Assert.Contains("AutoMix (offline replay)", output);
        Assert.Contains("always small (small-m)", output);
        Assert.Contains("always large (large-m)", output);
        Assert.Contains("best threshold", output);
        Assert.Contains("(chosen on train)", output);
        Assert.Contains("random mixing p=0.5", output);
    }

    [Fact]
    public async Task Json_output_has_stable_property_names_and_consistent_figures()
    {
        var policy = await CalibratedPolicyAsync();

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers, "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("FixtureTwoTier", root.GetProperty("policy").GetProperty("name").GetString());
        Assert.Equal("pomdp", root.GetProperty("policy").GetProperty("router").GetString());
        Assert.Equal("paper", root.GetProperty("costs").GetString());
        Assert.Equal(24, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal("test", root.GetProperty("data").GetProperty("split").GetString());
        var runtime = root.GetProperty("runtime");
        var shares = runtime.GetProperty("tierShares");
        Assert.Equal(1.0, shares.GetProperty("small").GetDouble() + shares.GetProperty("large").GetDouble(), 9);
        var quality = runtime.GetProperty("quality").GetDouble();
        Assert.InRange(quality, 0, 1);
        var interval = runtime.GetProperty("deltaIbcInterval");
        Assert.InRange(runtime.GetProperty("deltaIbc").GetDouble(), interval.GetProperty("low").GetDouble(), interval.GetProperty("high").GetDouble());

        // Costs follow the ledger: every query pays small + its verification (2); escalated ones also pay large (20).
        Assert.Equal(2 + (20 * shares.GetProperty("large").GetDouble()), runtime.GetProperty("cost").GetDouble(), 9);
        var always = root.GetProperty("baselines").GetProperty("alwaysTier");
        Assert.Equal(2, always.GetArrayLength());
        Assert.Equal("small-m", always[0].GetProperty("model").GetString());
        Assert.Equal(1, always[0].GetProperty("cost").GetDouble());
        Assert.True(root.GetProperty("baselines").GetProperty("frontier").GetArrayLength() > 0);
        Assert.Equal(11, root.GetProperty("baselines").GetProperty("randomMixing").GetArrayLength());
        Assert.True(root.GetProperty("offline").TryGetProperty("deltaIbc", out _));
    }

    [Fact]
    public async Task Out_writes_a_markdown_report_and_a_valid_svg()
    {
        var policy = await CalibratedPolicyAsync();
        var directory = Path.Combine(Path.GetTempPath(), "automix-eval-" + Guid.NewGuid().ToString("N"));

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers, "--out", directory);

        Assert.True(code == 0, output + error);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        Assert.Contains("# AutoMix evaluation: FixtureTwoTier", markdown);
        Assert.Contains("## Setup", markdown);
        Assert.Contains("## Provenance of the policy's model", markdown);
        Assert.Contains("- data: Fixtures/runs.jsonl (train)", markdown);
        Assert.Contains("| AutoMix (runtime replay) |", markdown);
        Assert.Contains("λ-frontier", markdown);
        var svg = XDocument.Parse(File.ReadAllText(Path.Combine(directory, "cost-quality.svg")));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var texts = SvgTextExtents.Of(svg).Select(t => t.Text).ToList();
        Assert.Contains("cost per query", texts);
        Assert.Contains("quality", texts);
        Assert.Contains("AutoMix (runtime)", texts);
        Assert.Contains(texts, t => t.StartsWith("λ-frontier", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_plot_is_titled_with_the_policy_file_name_and_keeps_every_text_on_the_canvas()
    {
        // A policy named like docs/results' configurations: the folder names it, not the C# type name.
        var folder = Path.Combine(Path.GetTempPath(), "automix-eval-" + Guid.NewGuid().ToString("N"), "triviaqa-llama8b-70b-405b");
        Directory.CreateDirectory(folder);
        var policy = Path.Combine(folder, "policy.automix.yaml");
        File.Copy(await CalibratedPolicyAsync(), policy);

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers, "--seeds", "2", "--out", folder);

        Assert.True(code == 0, output + error);
        var svg = XDocument.Parse(File.ReadAllText(Path.Combine(folder, "cost-quality.svg")));
        var extents = SvgTextExtents.Of(svg);
        Assert.Contains(extents, t => t.Text == "triviaqa-llama8b-70b-405b: cost vs quality (24 queries)");
        var (width, height) = SvgTextExtents.Canvas(svg);
        Assert.All(extents, t => Assert.True(t.Left >= 0 && t.Top >= 0 && t.Right <= width && t.Bottom <= height, $"'{t.Text}' leaves the canvas"));
    }

    [Theory]
    [InlineData("policies/quickstart.automix.yaml", "quickstart")]
    [InlineData("docs/results/triviaqa-llama8b-70b-405b/policy.automix.yaml", "triviaqa-llama8b-70b-405b")]
    [InlineData("support.yaml", "support")]
    [InlineData("a/b/Policy.yml", "b")]
    public void The_plot_names_a_policy_by_its_file(string path, string name)
    {
        Assert.Equal(name, EvalOutput.PlotName(path));
    }

    [Fact]
    public async Task Costs_print_with_one_precision_throughout_the_table_and_the_report()
    {
        var policy = await CalibratedPolicyAsync();
        var directory = Path.Combine(Path.GetTempPath(), "automix-eval-" + Guid.NewGuid().ToString("N"));

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers, "--seeds", "2", "--out", directory);

        Assert.True(code == 0, output + error);
        // Paper costs (cheapest 1): three decimals everywhere, so 20 prints as 20.000 beside 6.775.
        var table = output.Split('\n').SkipWhile(l => !l.StartsWith("router", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0 && !l.StartsWith("note:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(table);
        var header = output.Split('\n').First(l => l.StartsWith("router", StringComparison.Ordinal));
        var costEnd = header.IndexOf("cost/query", StringComparison.Ordinal) + "cost/query".Length;
        Assert.All(table, row => Assert.Matches(@"^\d+\.\d{3}$", row[..costEnd].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]));
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        Assert.Contains("| 1.0 | 0.8750 | 20.000 |", markdown);
    }

    [Fact]
    public async Task Policy_warnings_go_to_stderr_and_into_the_report_notes()
    {
        var path = await PolicyWithAWarningAsync();
        var directory = Path.Combine(Path.GetTempPath(), "automix-eval-" + Guid.NewGuid().ToString("N"));

        var (code, output, error) = await CliRunner.RunAsync("eval", path, "--runs", Fixture("runs.jsonl"), "--seeds", "2", "--out", directory);

        Assert.True(code == 0, output + error);
        Assert.Contains("warning AMX0103", error);
        Assert.DoesNotContain("help:", output);
        // The table's notes (stdout) and report.md keep the warning, since it changes how the results read.
        Assert.Contains("note: " + path, output);
        var notes = File.ReadAllText(Path.Combine(directory, "report.md")).Split("## Notes")[1];
        Assert.Contains("warning AMX0103", notes);
        Assert.DoesNotContain("No warnings or notes", notes);
    }

    [Fact]
    public async Task Json_stdout_stays_pure_json_when_the_policy_has_warnings()
    {
        var path = await PolicyWithAWarningAsync();

        var (code, output, error) = await CliRunner.RunAsync("eval", path, "--runs", Fixture("runs.jsonl"), "--json");

        Assert.True(code == 0, output + error);
        Assert.Contains("warning AMX0103", error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1.0, json.RootElement.GetProperty("runtime").GetProperty("tierShares").GetProperty("small").GetDouble());
    }

    [Fact]
    public async Task With_a_logprob_verifier_the_runtime_replay_matches_the_offline_replay_exactly()
    {
        // One logprob call reads the recorded confidence itself, so the real runtime must route exactly as the
        // offline evaluator does: this pins the replay backends, the runtime's binning and the ledger to one another.
        var policy = CliRunner.TempFile(File.ReadAllText(Fixture("threshold.automix.yaml"))
            .Replace("method: self-verification", "method: logprob").Replace("samples: 8", "samples: 1"));

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var runtime = json.RootElement.GetProperty("runtime");
        var offline = json.RootElement.GetProperty("offline");
        Assert.Equal(offline.GetProperty("quality").GetDouble(), runtime.GetProperty("quality").GetDouble(), 12);
        Assert.Equal(offline.GetProperty("cost").GetDouble(), runtime.GetProperty("cost").GetDouble(), 12);
        Assert.Equal(offline.GetProperty("tierShares").GetRawText(), runtime.GetProperty("tierShares").GetRawText());
        Assert.InRange(runtime.GetProperty("tierShares").GetProperty("large").GetDouble(), 0.1, 0.9);
    }

    [Fact]
    public async Task Threshold_routers_are_evaluated_without_a_frontier()
    {
        var (code, output, error) = await CliRunner.RunAsync("eval", Fixture("threshold.automix.yaml"), "--runs", Fixture("runs.jsonl"), "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("threshold", json.RootElement.GetProperty("policy").GetProperty("router").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("baselines").GetProperty("frontier").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no lambda-frontier", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_verifier_that_differs_from_the_recorded_signal_is_noted()
    {
        var policy = CliRunner.TempFile(File.ReadAllText(Fixture("threshold.automix.yaml")).Replace("method: self-verification", "method: self-consistency"));

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"));

        Assert.True(code == 0, output + error);
        Assert.Contains("note: tier 'small' verifies with self-consistency, but the recorded signal of small-m is self-verification", output);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_result_whatever_the_concurrency()
    {
        var policy = await CalibratedPolicyAsync();
        async Task<string> Runtime(string seed, string concurrency)
        {
            var (code, output, error) = await CliRunner.RunAsync(
                "eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers, "--json", "--seed", seed, "--concurrency", concurrency);
            Assert.True(code == 0, output + error);
            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("runtime").GetRawText();
        }

        var sequential = await Runtime("7", "1");
        Assert.Equal(sequential, await Runtime("7", "8"));
        Assert.Equal(sequential, await Runtime("7", "3"));
    }

    [Fact]
    public async Task Measured_costs_use_the_mean_recorded_cost_per_call()
    {
        var policy = await CalibratedPolicyAsync();

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", Fixture("runs.jsonl"), "--tiers", Tiers, "--json", "--costs", "measured");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var tiers = json.RootElement.GetProperty("tiers");
        Assert.Equal(0.002, tiers[1].GetProperty("cost").GetDouble(), 12);
        Assert.Equal(0.00011, tiers[0].GetProperty("cost").GetDouble(), 12); // test rows: 0.0001 + 0.00001 * (i % 3), i odd, evenly spread
        Assert.Equal(tiers[0].GetProperty("cost").GetDouble(), tiers[0].GetProperty("verifierCost").GetDouble());
        Assert.InRange(json.RootElement.GetProperty("runtime").GetProperty("cost").GetDouble(), 0.0002, 0.0023);
    }

    [Fact]
    public async Task Measured_costs_without_cost_usd_is_a_clear_error()
    {
        var withoutCosts = File.ReadAllLines(Fixture("runs.jsonl"))
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, "\"cost_usd\": [0-9.e-]+, ", string.Empty));
        var runs = CliRunner.TempFile(string.Join("\n", withoutCosts), ".jsonl");
        Assert.DoesNotContain("cost_usd", File.ReadAllText(runs));

        var (code, _, error) = await CliRunner.RunAsync("eval", Fixture("threshold.automix.yaml"), "--runs", runs, "--costs", "measured");

        Assert.Equal(2, code);
        Assert.Contains("mismatched costs", error);
        Assert.Contains("no cost_usd for model 'small-m'", error);
    }

    [Fact]
    public async Task Missing_runs_file_is_a_clear_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("eval", Fixture("threshold.automix.yaml"), "--runs", "no-such-runs.jsonl");

        Assert.Equal(2, code);
        Assert.Contains("no-such-runs.jsonl", error);
        Assert.Contains("does not exist", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_line_numbers_and_the_rest_is_evaluated()
    {
        var lines = File.ReadAllLines(Fixture("runs.jsonl")).ToList();
        lines.Insert(2, "{ this is not json");
        lines.Insert(5, "{\"id\": \"x\", \"runs\": {\"small-m\": {\"answer\": \"1\"}}}");
        var runs = CliRunner.TempFile(string.Join("\n", lines), ".jsonl");

        var (code, output, error) = await CliRunner.RunAsync("eval", Fixture("threshold.automix.yaml"), "--runs", runs, "--json");

        Assert.True(code == 0, output + error);
        Assert.Contains($"{runs}(3): warning: skipped malformed line", error);
        Assert.Contains($"{runs}(6): warning: skipped malformed line", error);
        Assert.Contains("has no 'score'", error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(24, json.RootElement.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("data").GetProperty("malformedLines").GetInt32());
    }

    [Fact]
    public async Task Unknown_model_in_tiers_lists_the_models_in_the_data()
    {
        var (code, _, error) = await CliRunner.RunAsync("eval", Fixture("threshold.automix.yaml"), "--runs", Fixture("runs.jsonl"), "--tiers", "small=gpt-9,large=large-m");

        Assert.Equal(2, code);
        Assert.Contains("Model 'gpt-9' (tier 'small') does not occur in the data", error);
        Assert.Contains("large-m, small-m", error);
    }

    [Fact]
    public async Task Unknown_tier_in_tiers_is_rejected()
    {
        var (code, _, error) = await CliRunner.RunAsync("eval", Fixture("threshold.automix.yaml"), "--runs", Fixture("runs.jsonl"), "--tiers", "tiny=small-m,large=large-m");

        Assert.Equal(2, code);
        Assert.Contains("--tiers names tier 'tiny'", error);
    }
}
