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

    [Fact]
    public void Rows_rounded_for_the_yaml_still_sum_to_one_and_stay_close() =>
        // What calibrate writes must parse back as a valid model: the writer's rounding keeps every row's sum at 1.
        Gen.Int[2, 12].SelectMany(PolicyGens.Distribution).Sample(row =>
        {
            var parsed = ObservationModelYamlWriter.RoundedDistribution(row)
                .Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, parsed.Sum(), 9);
            // Entries keep 6 significant digits (error <= 5e-7 below 1); the largest absorbs the others' rounding.
            var bound = (row.Length * 5e-7) + 1e-10;
            Assert.All(row.Zip(parsed), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, bound));
        }, iter: 2_000);
}
