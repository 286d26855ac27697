using AutoMix.Policies.Calibration;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using CsCheck;
using Xunit;
using static AutoMix.Policies.Tests.Calibration.TinyData;

namespace AutoMix.Policies.Tests.Properties;

/// <summary>Properties of the observation-model calibrator over random recorded runs.</summary>
public class CalibrationProperties
{
    /// <summary>A recorded row: small's score and verifier confidence, large's score; sometimes large is missing.</summary>
    private static readonly Gen<(double SmallScore, double P, double LargeScore, bool LargeMissing)> Row =
        Gen.Select(Gen.OneOf(0.0, 0.5, 1.0), Gen.Double[0, 1], Gen.OneOf(0.0, 1.0), Gen.Int[0, 9].Select(i => i == 0));

    [Fact]
    public void Calibrated_observation_rows_and_priors_sum_to_one() =>
        Gen.Select(Row.Array[1, 60], Gen.Int[2, 9], Gen.OneOf(0.1, 0.5, 1.0), Gen.Int[2, 3]).Sample((rows, bins, alpha, levels) =>
        {
            var queries = rows.Select((r, i) => r.LargeMissing
                ? Query(i, ("s-model", r.SmallScore, r.P))
                : Query(i, ("s-model", r.SmallScore, r.P), ("l-model", r.LargeScore, 0.5))).ToList();
            if (queries.All(q => q.Runs.Count < 2))
            {
                return; // no usable row: the calibrator refuses, covered by its own tests
            }

            var result = ObservationModelCalibrator.Calibrate(Pair(ObservationBinning.Equal(bins)), queries, PairMap,
                CalibrationOptions.Default with { Alpha = alpha, ScoreLevels = levels });

            Assert.Equal(1.0, result.Model.States.Sum(s => s.Prior), 9);
            foreach (var state in result.Model.States)
            {
                foreach (var row in state.Observations)
                {
                    Assert.Equal(bins, row.Probabilities.Count);
                    Assert.All(row.Probabilities, p => Assert.InRange(p, 0.0, 1.0));
                    Assert.Equal(1.0, row.Probabilities.Sum(), 9);
                }
            }
        }, iter: 500);
}
