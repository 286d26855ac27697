using AutoMix.Policies.Calibration;
using AutoMix.Policies.Model;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Calibration;

public class LogisticStateModelTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Logit(double c) => Math.Log(c / (1 - c));

    /// <summary>State 0 with probability σ(a + b·logit(c)), else state 1; c uniform in (0.02, 0.98).</summary>
    private static (double[] Confidences, int[] States) Draw(int count, double a, double b, int seed)
    {
        var random = new Random(seed);
        var confidences = new double[count];
        var states = new int[count];
        for (var i = 0; i < count; i++)
        {
            confidences[i] = 0.02 + (0.96 * random.NextDouble());
            states[i] = random.NextDouble() < Sigmoid(a + (b * Logit(confidences[i]))) ? 0 : 1;
        }

        return (confidences, states);
    }

    [Fact]
    public void Recovers_a_known_logistic_curve()
    {
        var (confidences, states) = Draw(4000, -0.3, 1.2, 1);
        var fitted = LogisticStateModel.Fit(confidences, states, 2, ridge: 0);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(1.0, fitted[i].Sum(), 12);
            Assert.InRange(fitted[i][0] - Sigmoid(-0.3 + (1.2 * Logit(confidences[i]))), -0.04, 0.04);
        }
    }

    [Fact]
    public void Fitted_probabilities_average_to_the_state_shares()
    {
        // Three states, the third one rare: the (nearly unpenalised) intercepts match every share.
        var random = new Random(2);
        var confidences = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var states = confidences.Select(c => random.NextDouble() < 0.05 ? 2 : random.NextDouble() < c ? 0 : 1).ToArray();
        var fitted = LogisticStateModel.Fit(confidences, states, 3, ridge: 1);
        for (var s = 0; s < 3; s++)
        {
            Assert.Equal(states.Count(x => x == s) / 300.0, fitted.Average(p => p[s]), 4);
        }

        // Monotone in the confidence: the state that goes with high confidence gains along it.
        var order = Enumerable.Range(0, 300).OrderBy(i => confidences[i]).ToArray();
        for (var k = 1; k < order.Length; k++)
        {
            Assert.True(fitted[order[k]][0] / fitted[order[k]][1] >= (fitted[order[k - 1]][0] / fitted[order[k - 1]][1]) - 1e-12);
        }
    }

    [Fact]
    public void A_constant_confidence_or_a_huge_ridge_gives_the_shares()
    {
        var states = new[] { 0, 0, 0, 1 };
        Assert.All(LogisticStateModel.Fit(new[] { 0.7, 0.7, 0.7, 0.7 }, states, 2, 1), p => Assert.Equal(0.75, p[0], 5));
        Assert.All(LogisticStateModel.Fit(new[] { 0.9, 0.8, 0.6, 0.1 }, states, 2, 1e9), p => Assert.Equal(0.75, p[0], 5));
        Assert.All(LogisticStateModel.Fit(new[] { 0.9, 0.8 }, new[] { 0, 0 }, 1, 1), p => Assert.Equal(new[] { 1.0 }, p));
    }

    [Fact]
    public void Separable_rows_stay_finite_with_the_ridge()
    {
        var fitted = LogisticStateModel.Fit(new[] { 0.1, 0.2, 0.8, 0.9 }, new[] { 1, 1, 0, 0 }, 2, 1);
        Assert.All(fitted, p => Assert.All(p, x => Assert.InRange(x, 1e-6, 1 - 1e-6)));
        Assert.True(fitted[3][0] > 0.5 && fitted[0][0] < 0.5);
    }

    [Fact]
    public void Calibrated_logistic_posterior_is_monotone_in_the_bin()
    {
        // small right with probability c, large always right: P(small right | bin) must rise with the bin, which a
        // histogram of 120 rows in 10 bins need not do.
        var random = new Random(5);
        var rows = Enumerable.Range(0, 120).Select(i =>
        {
            var c = random.NextDouble();
            return Query(i + 1, ("s-model", random.NextDouble() < c ? 1 : 0, c), ("l-model", 1, 0.5));
        }).ToList();
        var policy = Pair(ObservationBinning.Equal(10));
        var model = ObservationModelCalibrator.Calibrate(policy, rows, PairMap, CalibrationOptions.Default with { Smoothing = ObservationSmoothing.Logistic }).Model;
        Assert.Equal(new[] { "small=1,large=1", "small=0,large=1" }, model.States.Select(s => s.Name));
        Assert.Contains("logistic", model.Provenance!.Notes, StringComparison.Ordinal);
        var posterior = Enumerable.Range(0, 10).Select(b =>
        {
            var right = model.States[0].Prior * model.States[0].Observations[0].Probabilities[b];
            var wrong = model.States[1].Prior * model.States[1].Observations[0].Probabilities[b];
            return right / (right + wrong);
        }).ToArray();
        foreach (var state in model.States)
        {
            Assert.Equal(1.0, state.Observations[0].Probabilities.Sum(), 12);
            Assert.All(state.Observations[0].Probabilities, p => Assert.True(p > 0));
        }

        for (var b = 1; b < 10; b++)
        {
            Assert.True(posterior[b] >= posterior[b - 1] - 1e-9, string.Join(", ", posterior));
        }

        Assert.True(posterior[9] - posterior[0] > 0.5, string.Join(", ", posterior));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObservationModelCalibrator.Calibrate(policy, rows, PairMap, CalibrationOptions.Default with { Smoothing = ObservationSmoothing.Logistic, Ridge = -1 }));
    }
}
