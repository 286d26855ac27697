using System.Collections.Concurrent;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using Xunit;

namespace AutoMix.Policies.Tests.Experiments;

/// <summary>
/// The routing-quality acceptance on the recorded runs: the default rule (binning, smoothing and operating point
/// chosen by cross-validation on train, see <see cref="Experiment.Run"/>) replayed exactly on test through the
/// runtime's own observation process. Floors sit 5 ΔIBC points below the measured values, so a regression in
/// reading, calibration, selection, solving or replay fails here; docs/results.md has the CLI's figures.
/// </summary>
public class RealDataExperiments(ITestOutputHelper output)
{
    /// <summary>Kernel-density calibration, for tests that calibrate a fixed policy.</summary>
    public static readonly AutoMix.Policies.Calibration.CalibrationOptions Options = AutoMix.Policies.Calibration.CalibrationOptions.Default with { Smoothing = AutoMix.Policies.Calibration.ObservationSmoothing.KernelDensity };

    /// <summary>Measured test ΔIBC of the default rule minus 5 points.</summary>
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["mmlu:8b-70b"] = 67.9 - 5,
        ["mmlu:4omini-4o"] = 61.7 - 5,
        ["mmlu:1b-405b"] = 2.5 - 5,
        ["mmlu:8b-70b-405b"] = 428.9 - 5,
        ["triviaqa:8b-70b"] = 196.8 - 5,
        ["triviaqa:4omini-4o"] = 398.9 - 5,
        ["triviaqa:1b-405b"] = 0.0 - 5,
        ["triviaqa:8b-70b-405b"] = 772.9 - 5,
        ["date:gpt35-gpt4"] = 221.6 - 5,
        ["date:llama13b-gpt4"] = 104.8 - 5,
        ["gsm8k:llama13b-gpt4"] = 23.7 - 5,
    };

    private static readonly ConcurrentDictionary<string, Lazy<ExperimentResult>> Results = new();

    public static IEnumerable<object[]> Keys() => Catalog.All().Select(e => new object[] { e.Key });

    private static ExperimentResult Result(string key) =>
        Results.GetOrAdd(key, k => new Lazy<ExperimentResult>(() => Catalog.All().Single(e => e.Key == k).Make().Run())).Value;

    [Theory]
    [MemberData(nameof(Keys))]
    public void Default_rule_keeps_its_measured_test_delta_ibc(string key)
    {
        var result = Result(key);
        var pomdp = result.Pomdp;
        output.WriteLine($"{key}: ΔIBC {pomdp.DeltaIbc.Value:F1}, cost {pomdp.Cost:F2}, performance {pomdp.Performance:F3}; chosen {result.Selection.Chosen}");

        Assert.True(pomdp.DeltaIbc.IsDefined || result.Suite.Chosen.Table.StartTier > 0, pomdp.DeltaIbc.Note);
        var value = pomdp.DeltaIbc.IsDefined ? pomdp.DeltaIbc.Value : 0;
        Assert.True(value >= Floors[key], $"{key}: ΔIBC {value:F1} fell below the floor {Floors[key]:F1}");
        Assert.Equal(result.Experiment.Test.Count, pomdp.Rows);

        // A table may start past the first tier or accept a tier unverified: the cheapest query costs one tier answer.
        Assert.InRange(pomdp.Cost, result.Policy.Tiers.Min(t => t.Cost), result.Policy.Tiers.Sum(t => t.VisitCost));
        Assert.Equal(1.0, pomdp.AnswerShare.Sum(), 9);

        // Baselines agree with the replay on the same rows; mixing has ΔIBC 0.
        var suite = result.Suite;
        Assert.Equal(pomdp.AlwaysFirst, suite.AlwaysTiers[0]);
        Assert.Equal(pomdp.AlwaysLast, suite.AlwaysTiers[^1]);
        Assert.All(suite.RandomMixing.Skip(1), m => Assert.Equal(0, m.DeltaIbc.Value, 9));
    }

    [Theory]
    [InlineData("mmlu:8b-70b-405b")]
    [InlineData("triviaqa:8b-70b-405b")]
    public void Three_tiers_beat_always_medium_and_every_two_tier_sub_cascade(string key)
    {
        var result = Result(key);
        var suite = result.Suite;
        var pomdp = result.Pomdp.DeltaIbc.Value;
        var medium = DeltaIbc.Of(suite.AlwaysTiers[1], suite.AlwaysTiers[0], suite.AlwaysTiers[2]).Value;
        output.WriteLine($"{key}: ΔIBC {pomdp:F1}, always-medium {medium:F1}, sub-cascades {string.Join(", ", suite.SubCascades.Select(c => $"{c.From}->{c.To} {c.Threshold.Evaluation.DeltaIbc.Value:F1}"))}");
        Assert.True(pomdp >= medium, $"{key}: ΔIBC {pomdp:F1} is below always-medium {medium:F1}");
        Assert.Equal(3, suite.SubCascades.Count);
        foreach (var sub in suite.SubCascades)
        {
            Assert.True(pomdp >= sub.Threshold.Evaluation.DeltaIbc.Value - 1e-9, $"{key}: ΔIBC {pomdp:F1} is below the sub-cascade {sub.From}->{sub.To} ({sub.Threshold.Evaluation.DeltaIbc.Value:F1})");
        }
    }

    [Fact]
    public void Selection_is_deterministic()
    {
        var experiment = Catalog.All().Single(e => e.Key == "date:llama13b-gpt4").Make();
        var first = AutoMix.Policies.Selection.CrossValidatedSelection.Select(experiment.Policy(), experiment.Train, experiment.TierMap);
        var second = AutoMix.Policies.Selection.CrossValidatedSelection.Select(experiment.Policy(), experiment.Train, experiment.TierMap);
        Assert.Equal(first.Chosen, second.Chosen);
        Assert.Equal(first.Candidates.Select(c => c.HeldOut), second.Candidates.Select(c => c.HeldOut));
        Assert.Equal(RouterSelectionKind.Pomdp, first.Candidates[^1].Kind);
    }
}
