using System;
using System.Collections.Generic;
using System.Linq;
using AutoMix.Policies.Calibration;

namespace AutoMix.Policies.Selection
{
    /// <summary>Settings of <see cref="CrossValidatedSelection"/>; the defaults are what `automix calibrate` uses.</summary>
    public sealed record SelectionOptions
    {
        /// <summary>
        /// The calibration settings tried: add-alpha smoothing from light to strong, and Gaussian kernel densities
        /// (Silverman's bandwidth and two fixed ones). Strength matters most with few rows per state.
        /// </summary>
        public static IReadOnlyList<CalibrationOptions> DefaultCalibrations { get; } = new[]
        {
            new CalibrationOptions { Smoothing = ObservationSmoothing.Laplace, Alpha = 0.25 },
            new CalibrationOptions { Smoothing = ObservationSmoothing.Laplace, Alpha = 1 },
            new CalibrationOptions { Smoothing = ObservationSmoothing.Laplace, Alpha = 4 },
            new CalibrationOptions { Smoothing = ObservationSmoothing.KernelDensity },
            new CalibrationOptions { Smoothing = ObservationSmoothing.KernelDensity, Bandwidth = 0.05 },
            new CalibrationOptions { Smoothing = ObservationSmoothing.KernelDensity, Bandwidth = 0.15 },
        };

        /// <summary>Declared after <see cref="DefaultCalibrations"/>: static initialisers run in text order.</summary>
        public static SelectionOptions Default { get; } = new SelectionOptions();

        public int Folds { get; init; } = 5;

        /// <summary>Each repeat reshuffles the rows into new folds; more repeats, less variance from one split.</summary>
        public int Repeats { get; init; } = 3;

        public int Seed { get; init; } = 1;

        /// <summary>
        /// Row resamples of the paired bootstrap that measures each candidate's distance from the best
        /// (<see cref="SelectionCandidate.StandardError"/>); 0 leaves the errors undefined. Reported only: the choice
        /// does not depend on it.
        /// </summary>
        public int BootstrapSamples { get; init; } = 200;

        /// <summary>λ as a share of the calibrated model's best IBC (max-IBC itself is always tried too).</summary>
        public IReadOnlyList<double> LambdaFactors { get; init; } = new[] { 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 };

        public IReadOnlyList<CalibrationOptions> Calibrations { get; init; } = DefaultCalibrations;

        /// <summary>Quantile bin counts tried for verifiers whose bins are left to calibration (logprob without observations:).</summary>
        public IReadOnlyList<int> QuantileBins { get; init; } = new[] { 5, 8, 12, 16 };

        internal void Validate()
        {
            if (Folds < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Cross-validation needs at least 2 folds.");
            }

            if (Repeats < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "At least one repeat is needed.");
            }

            if (BootstrapSamples < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(BootstrapSamples), BootstrapSamples, "The bootstrap needs a non-negative number of resamples.");
            }

            if (LambdaFactors is null || LambdaFactors.Count == 0 || LambdaFactors.Any(f => !(f > 0 && f < 1)))
            {
                throw new ArgumentException("λ factors are shares of the best IBC, strictly between 0 and 1.", nameof(LambdaFactors));
            }

            if (Calibrations is null || Calibrations.Count == 0)
            {
                throw new ArgumentException("At least one calibration setting is needed.", nameof(Calibrations));
            }
        }
    }
}
