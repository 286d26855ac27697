using System.Globalization;
using System.Text;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Evaluation;
using Xunit;

namespace AutoMix.Policies.Tests.Experiments;

/// <summary>
/// The acceptance numbers (docs/results.md, "Solver and calibration (issue 3)"): calibrate on the train rows,
/// solve for max ΔIBC under the model, replay on the test rows. One configuration rule for every dataset:
/// <see cref="Bins"/> quantile bins of the verified tier's train confidences, Gaussian-KDE observation rows.
/// Floors sit 5 ΔIBC points below the measured values, so a regression in reading, calibration, solving or
/// replay fails here.
/// </summary>
public class RealDataExperiments(ITestOutputHelper output)
{
    public const int Bins = 8;

    public static readonly CalibrationOptions Options = CalibrationOptions.Default with { Smoothing = ObservationSmoothing.KernelDensity };

    /// <summary>Measured test ΔIBC of the POMDP router minus 5 points.</summary>
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["mmlu:8b-70b"] = 46.3 - 5,
        ["mmlu:4omini-4o"] = 127.4 - 5,
        ["mmlu:1b-405b"] = 4.7 - 5,
        ["mmlu:8b-70b-405b"] = 207.2 - 5,
        ["triviaqa:8b-70b"] = 198.7 - 5,
        ["triviaqa:4omini-4o"] = 392.5 - 5,
        ["triviaqa:1b-405b"] = -4.8 - 5,
        ["triviaqa:8b-70b-405b"] = 420.8 - 5,
        ["date:gpt35-gpt4"] = 219.3 - 5,
        ["date:llama13b-gpt4"] = 156.6 - 5,
        ["gsm8k:llama13b-gpt4"] = 33.7 - 5,
    };

    public static IEnumerable<object[]> Keys() => Catalog.All().Select(e => new object[] { e.Key });

    [Theory]
    [MemberData(nameof(Keys))]
    public void Pomdp_router_keeps_its_measured_test_delta_ibc(string key)
    {
        var result = Catalog.All().Single(e => e.Key == key).Make().Run(Bins, Options);
        var pomdp = result.Pomdp;
        output.WriteLine($"{key}: ΔIBC {pomdp.DeltaIbc.Value:F1}, cost {pomdp.Cost:F2}, performance {pomdp.Performance:F3}");

        Assert.True(pomdp.DeltaIbc.IsDefined, pomdp.DeltaIbc.Note);
        Assert.True(pomdp.DeltaIbc.Value >= Floors[key], $"{key}: ΔIBC {pomdp.DeltaIbc.Value:F1} fell below the floor {Floors[key]:F1}");
        Assert.Equal(result.Experiment.Test.Count, pomdp.Rows);
        // A table may start past the first tier or accept a tier unverified: the cheapest query costs one tier answer.
        Assert.InRange(pomdp.Cost, result.Policy.Tiers.Min(t => t.Cost), result.Policy.Tiers.Sum(t => t.VisitCost));
        Assert.Equal(1.0, pomdp.AnswerShare.Sum(), 9);

        // The rest of the suite on the same test rows: baselines agree with the replay, mixing has ΔIBC 0, and the
        // chosen policy is one of the replayed frontier policies.
        var suite = result.Suite;
        Assert.Equal(pomdp.AlwaysFirst, suite.AlwaysTiers[0]);
        Assert.Equal(pomdp.AlwaysLast, suite.AlwaysTiers[^1]);
        Assert.All(suite.RandomMixing.Skip(1), m => Assert.Equal(0, m.DeltaIbc.Value, 9));
        Assert.Contains(suite.Frontier, f => f.Point.Table == suite.Chosen.Table && f.Report.Router == pomdp.Router);
        Assert.False(suite.ObjectiveInfeasible);
    }

    [Fact]
    public void Results_table()
    {
        var table = new StringBuilder();
        var details = new StringBuilder();
        details.AppendLine("| dataset | cascade | train rows | test rows | states | bins per verified tier | train rows without usable signal / with confidence 0 | chosen threshold |");
        details.AppendLine("|---|---|---:|---:|---:|---|---|---:|");
        table.AppendLine("| dataset | cascade (unit costs) | POMDP ΔIBC | POMDP cost | POMDP quality | threshold ΔIBC | threshold cost | threshold quality | always-small | always-large | POMDP, Laplace rows: ΔIBC | POMDP ΔIBC 90 % CI | POMDP − threshold 90 % CI |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (key, make) in Catalog.All())
        {
            var experiment = make();
            var kde = experiment.Run(Bins, Options);
            var laplace = experiment.Run(Bins, CalibrationOptions.Default);
            var p = kde.Pomdp;
            var t = kde.Threshold.Evaluation;

            // Paired bootstrap over the test queries: how much of the difference is noise.
            var pomdpOutcomes = OfflineEvaluator.Outcomes(kde.Suite.Chosen.Table, kde.Policy, experiment.Test, experiment.TierMap);
            var thresholdOutcomes = OfflineEvaluator.Outcomes(kde.Threshold.Candidates.Single(c => c.Threshold == kde.Threshold.Threshold).Table, kde.Policy, experiment.Test, experiment.TierMap);
            var pomdpInterval = DeltaIbcBootstrap.Interval(pomdpOutcomes);
            var difference = DeltaIbcBootstrap.DifferenceInterval(pomdpOutcomes, thresholdOutcomes);
            Assert.InRange(p.DeltaIbc.Value, pomdpInterval.Low, pomdpInterval.High);
            table.Append(CultureInfo.InvariantCulture,
                $"| {experiment.Dataset} | {experiment.Pair} ({string.Join(":", experiment.Costs)}) | {F1(p.DeltaIbc)} | {p.Cost:F2} | {p.Performance:F3} | {F1(t.DeltaIbc)} | {t.Cost:F2} | {t.Performance:F3} | {p.AlwaysFirst.Performance:F3} | {p.AlwaysLast.Performance:F3} | {F1(laplace.Pomdp.DeltaIbc)} | [{pomdpInterval.Low:F0}, {pomdpInterval.High:F0}] | [{difference.Low:F0}, {difference.High:F0}] |");
            table.AppendLine();
            Assert.Equal(p.AlwaysFirst, t.AlwaysFirst);
            var report = kde.Calibration.Report;
            var bins = string.Join(", ", kde.Policy.Tiers.Where(x => x.IsVerified).Select(x => x.Verifier!.Binning.BinCount));
            var signals = string.Join("; ", report.Signals.Select(x => $"{x.Model}: {x.NoUsableSignal} / {x.ZeroConfidence}"));
            details.Append(CultureInfo.InvariantCulture,
                $"| {experiment.Dataset} | {experiment.Pair} | {report.RowsUsed} | {p.Rows} | {report.States.Count} | {bins} | {signals} | {kde.Threshold.Threshold:F3} |");
            details.AppendLine();
        }

        table.AppendLine().Append(details);
        foreach (var key in new[] { "mmlu:8b-70b", "triviaqa:8b-70b-405b" })
        {
            var result = Catalog.All().Single(e => e.Key == key).Make().Run(Bins, Options);
            table.AppendLine().Append(CultureInfo.InvariantCulture, $"λ-frontier of {result.Experiment.Dataset} {result.Experiment.Pair}, replayed on test (model figures from calibration on train):").AppendLine().AppendLine();
            table.AppendLine("| λ from | λ to | model cost | model quality | test cost | test quality | test ΔIBC | answered by |");
            table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var point in result.Suite.Frontier)
            {
                var chosen = point.Point.Table == result.Suite.Chosen.Table ? " **(max-ibc)**" : string.Empty;
                table.Append(CultureInfo.InvariantCulture,
                    $"| {point.Point.LambdaLow:G3} | {point.Point.LambdaHigh:G3} | {point.Point.Metrics.ExpectedCost:F2} | {point.Point.Metrics.ExpectedPerformance:F3} | {point.Report.Cost:F2} | {point.Report.Performance:F3} | {F1(point.Report.DeltaIbc)}{chosen} | {string.Join(" / ", point.Report.AnswerShare.Select(a => a.ToString("P0", CultureInfo.InvariantCulture)))} |");
                table.AppendLine();
            }
        }

        output.WriteLine(table.ToString());
        var path = Environment.GetEnvironmentVariable("AUTOMIX_RESULTS_OUT");
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllText(path, table.ToString());
        }
    }

    private static string F1(DeltaIbc value) => value.IsDefined ? value.Value.ToString("F1", CultureInfo.InvariantCulture) : "n/a";
}
