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

/// <summary>Adaptive verification end to end on recorded runs: calibrate, then eval against the fixed-k verifier.</summary>
public class AdaptiveRealDataEvalTests
{
    [Fact]
    public async Task The_adaptive_sample_policy_draws_fewer_samples_than_fixed_k_and_the_runtime_matches_its_expectation()
    {
        if (!SharedDataFolder.TryFind(out var dataRoot))
        {
            Assert.Skip(SharedDataFolder.MissingReason);
        }

        var data = Path.Combine(dataRoot, "rational-cascades");
        var train = Path.Combine(data, "triviaqa.train.jsonl");
        var test = Path.Combine(data, "triviaqa.test.jsonl");
        var policy = CliRunner.TempFile(File.ReadAllText(CliRunner.Policy("adaptive-two-tier.automix.yaml")));
        var calibrate = await CliRunner.RunAsync("calibrate", policy, "--runs", train);
        Assert.True(calibrate.ExitCode == 0, calibrate.Out + calibrate.Error);

        var (code, output, error) = await CliRunner.RunAsync("eval", policy, "--runs", test, "--select-runs", train, "--seeds", "20", "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var runtime = root.GetProperty("runtime");
        var offline = root.GetProperty("offline");
        var fixedK = root.GetProperty("baselines").GetProperty("fixedK");

        // Settled verdicts stop after a round of 2: far fewer than the 8 samples of the fixed verifier, in few rounds.
        var samples = runtime.GetProperty("verifierSamplesPerQuery").GetDouble();
        Assert.InRange(samples, 2, 4);
        Assert.InRange(runtime.GetProperty("verifierRoundsPerQuery").GetDouble(), 1, 2);
        Assert.Equal(8, fixedK.GetProperty("verifierSamplesPerQuery").GetDouble(), 9);
        Assert.Equal(1, fixedK.GetProperty("verifierRoundsPerQuery").GetDouble(), 9);

        // The offline replay is the runtime's expectation: samples, quality and cost agree up to the seeds' noise.
        Assert.InRange(samples - offline.GetProperty("verifierSamplesPerQuery").GetDouble(), -0.1, 0.1);
        Assert.InRange(runtime.GetProperty("quality").GetDouble() - offline.GetProperty("quality").GetDouble(), -0.01, 0.01);
        Assert.InRange(runtime.GetProperty("cost").GetDouble() - offline.GetProperty("cost").GetDouble(), -0.3, 0.3);
        Assert.True(runtime.GetProperty("deltaIbc").GetDouble() >= fixedK.GetProperty("deltaIbc").GetDouble(), output);
    }
}
