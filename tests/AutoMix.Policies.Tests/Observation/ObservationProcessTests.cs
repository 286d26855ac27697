using AutoMix.Policies.Calibration;
using AutoMix.Policies.Data;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;
using AutoMix.Policies.Solving;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Observation;

public class ObservationProcessTests
{
    private static VerifierSpec Sampled(int k, ObservationBinning? binning = null) =>
        new(VerifierMethod.SelfVerification, k, 1.0, 1, binning ?? ObservationBinning.Equal(k + 1), SourceSpan.None);

    [Theory]
    [InlineData(8, 0.3)]
    [InlineData(8, 0.97)]
    [InlineData(5, 0.5)]
    [InlineData(3, 0.1)]
    public void Sampled_share_matches_a_brute_force_simulation_of_the_runtime(int k, double confidence)
    {
        // The runtime draws k verdicts, each "correct" with probability c, and bins correct / k.
        var spec = Sampled(k, ObservationBinning.Equal(4));
        var exact = ObservationProcess.For(spec).BinDistribution(confidence);
        var random = new Random(17);
        var counts = new double[spec.Binning.BinCount];
        const int Draws = 200_000;
        for (var draw = 0; draw < Draws; draw++)
        {
            var correct = 0;
            for (var sample = 0; sample < k; sample++)
            {
                correct += random.NextDouble() < confidence ? 1 : 0;
            }

            counts[spec.Binning.BinOf((double)correct / k)]++;
        }

        Assert.Equal(1.0, exact.Sum(), 12);
        for (var bin = 0; bin < counts.Length; bin++)
        {
            // Four standard errors of a share estimated from 200,000 draws.
            Assert.InRange(counts[bin] / Draws, exact[bin] - 0.005, exact[bin] + 0.005);
        }
    }

    [Fact]
    public void Logprob_bins_the_confidence_itself()
    {
        var spec = new VerifierSpec(VerifierMethod.Logprob, 1, 1.0, 1, ObservationBinning.Equal(9), SourceSpan.None);
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 0, 1, 0, 0 }, ObservationProcess.For(spec).BinDistribution(0.7));
    }

    [Fact]
    public void Certain_confidences_put_all_mass_on_an_end_bin()
    {
        var process = ObservationProcess.For(Sampled(8));
        Assert.Equal(1, process.BinDistribution(0)[0]);
        Assert.Equal(1, process.BinDistribution(1)[8]);
    }

    [Fact]
    public void Calibrated_rows_of_a_sampled_verifier_are_binomial_mixtures()
    {
        // Two rows in one state with p = 0.2 and 0.9, k = 2 → shares 0, 1/2, 1 in bins 0, 1, 2 of 3.
        var policy = Pair(ObservationBinning.Equal(3)) with { };
        policy = policy with { Tiers = new AutoMix.Policies.Collections.EquatableArray<TierSpec>(new[] { policy.Tiers[0] with { Verifier = Sampled(2) }, policy.Tiers[1] }) };
        var rows = new[] { Query(1, ("s-model", 1, 0.2), ("l-model", 1, 0)), Query(2, ("s-model", 1, 0.9), ("l-model", 1, 0)) };
        var model = ObservationModelCalibrator.Calibrate(policy, rows, PairMap, CalibrationOptions.Default with { Alpha = 1e-9 }).Model;
        var row = model.States.Single().Observations.Single().Probabilities;
        var expected = new[] { ((0.8 * 0.8) + (0.1 * 0.1)) / 2, ((2 * 0.2 * 0.8) + (2 * 0.9 * 0.1)) / 2, ((0.2 * 0.2) + (0.9 * 0.9)) / 2 };
        for (var bin = 0; bin < 3; bin++)
        {
            Assert.Equal(expected[bin], row[bin], 6);
        }
    }

    [Fact]
    public void The_offline_replay_is_the_expectation_of_sampled_runs()
    {
        // Replaying a sampled verifier offline gives the exact mean over the runtime's draws.
        var policy = Pair(ObservationBinning.Equal(3));
        policy = policy with { Tiers = new AutoMix.Policies.Collections.EquatableArray<TierSpec>(new[] { policy.Tiers[0] with { Verifier = Sampled(2) }, policy.Tiers[1] }) };
        var rows = new[] { Query(1, ("s-model", 0, 0.3), ("l-model", 1, 0)) };
        var table = ThresholdTables.Build(policy, 0.8); // bin midpoints 1/6, 1/2, 5/6: accept only when both verdicts say correct
        var report = OfflineEvaluator.Evaluate(table, policy, rows, PairMap);

        // P(both correct) = 0.09: accepted (score 0, cost 2); else large (score 1, cost 12).
        Assert.Equal(0.91, report.Performance, 12);
        Assert.Equal((0.09 * 2) + (0.91 * 12), report.Cost, 12);
        Assert.Equal(new[] { 0.09, 0.91 }, report.AnswerShare.Select(s => Math.Round(s, 12)));
    }

    [Fact]
    public void Recorded_samples_are_compared_as_the_runtime_compares_answers()
    {
        var run = new RecordedRun("Paris.", 1, null, null, null, null, new RecordedVerifierSignal("self-consistency", null, new[] { " paris", "PARIS!", "Lyon", "paris ." }));
        Assert.Equal(0.75, RecordedConfidence.Of(run), 12);
    }
}
