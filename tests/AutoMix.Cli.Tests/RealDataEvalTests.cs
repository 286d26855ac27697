using System.Text.Json;
using AutoMix.Testing.Data;
using Xunit;

namespace AutoMix.Cli.Tests;

/// <summary>Calibrate on the recorded MMLU train split, evaluate on its test split (shared/data, never copied here).</summary>
public class RealDataEvalTests
{
    [Fact]
    public async Task Mmlu_llama_8b_to_70b_calibrated_on_train_evaluated_on_test()
    {
        if (!SharedDataFolder.TryFind(out var dataRoot))
        {
            Assert.Skip(SharedDataFolder.MissingReason);
        }

        var data = Path.Combine(dataRoot, "rational-cascades");
        var train = Path.Combine(data, "mmlu.train.jsonl");
        var test = Path.Combine(data, "mmlu.test.jsonl");
        const string tiers = "small=llama3.1-8b,large=llama3.1-70b";
        var policy = CliRunner.TempFile(File.ReadAllText(CliRunner.Policy("quickstart.automix.yaml")));
        var calibrate = await CliRunner.RunAsync("calibrate", policy, "--runs", train, "--tiers", tiers);
        Assert.True(calibrate.ExitCode == 0, calibrate.Out + calibrate.Error);

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", test, "--select-runs", train, "--tiers", tiers, "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1531, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal("mmlu.train.jsonl (train)", root.GetProperty("data").GetProperty("selectSplit").GetString());
        var always = root.GetProperty("baselines").GetProperty("alwaysTier");
        var small = always[0].GetProperty("quality").GetDouble();
        var large = always[1].GetProperty("quality").GetDouble();
        Assert.True(large > small + 0.1, $"70b ({large}) should clearly beat 8b ({small}) on MMLU");

        // The cascade lands between the two models, beats random mixing (ΔIBC > 0) and costs far less than always-large.
        var runtime = root.GetProperty("runtime");
        var quality = runtime.GetProperty("quality").GetDouble();
        Assert.InRange(quality, small, large);
        Assert.True(runtime.GetProperty("deltaIbc").GetDouble() > 0, runtime.GetRawText());
        Assert.True(runtime.GetProperty("cost").GetDouble() < 25, runtime.GetRawText());

        // The runtime replay samples k verdicts where the offline replay bins the recorded confidence: close, not equal.
        var offline = root.GetProperty("offline");
        Assert.InRange(quality - offline.GetProperty("quality").GetDouble(), -0.05, 0.05);
    }
}
