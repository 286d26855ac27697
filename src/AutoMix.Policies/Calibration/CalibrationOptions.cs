using System;

namespace AutoMix.Policies.Calibration
{
    /// <summary>Settings of <see cref="ObservationModelCalibrator"/>; the defaults follow the AutoMix paper's binary states.</summary>
    public sealed record CalibrationOptions
    {
        public static CalibrationOptions Default { get; } = new CalibrationOptions();

        /// <summary>
        /// Levels a score is discretised to when grouping rows into states: 2 rounds to 0/1 (right/wrong),
        /// 3 to 0/0.5/1, and so on. More levels mean more, smaller states.
        /// </summary>
        public int ScoreLevels { get; init; } = 2;

        /// <summary>Finer than percent steps would give nearly one state per row.</summary>
        public const int MaxScoreLevels = 101;

        public ObservationSmoothing Smoothing { get; init; } = ObservationSmoothing.Laplace;

        /// <summary>Laplace pseudo-count added to every bin.</summary>
        public double Alpha { get; init; } = 1.0;

        /// <summary>
        /// Kernel bandwidth (confidence units). Null: Silverman's rule per state and tier, never below
        /// <see cref="MinimumBandwidth"/> (a state whose confidences are all equal would otherwise get a zero-width kernel).
        /// </summary>
        public double? Bandwidth { get; init; }

        public double MinimumBandwidth { get; init; } = 0.02;

        /// <summary>L2 penalty on the standardised slopes of the logistic state model (<see cref="ObservationSmoothing.Logistic"/>); 0 leaves only a 1e-6 penalty that keeps the fit regular.</summary>
        public double Ridge { get; init; } = 1.0;

        /// <summary>Share of uniform mass mixed into every kernel-density and logistic row so that no bin has probability 0.</summary>
        public double KernelFloor { get; init; } = 0.01;

        /// <summary>Provenance: a name for the data (e.g. "rational-cascades/mmlu.train.jsonl").</summary>
        public string? DataName { get; init; }

        /// <summary>Provenance: the data's SHA-256 (see <see cref="Data.RecordedRunSet.Sha256"/>).</summary>
        public string? DataHash { get; init; }

        /// <summary>Provenance date (yyyy-MM-dd); null: today (UTC).</summary>
        public string? Date { get; init; }

        public string Tool { get; init; } = "AutoMix.Policies ObservationModelCalibrator";

        public string? Notes { get; init; }

        internal void Validate()
        {
            if (ScoreLevels < 2 || ScoreLevels > MaxScoreLevels)
            {
                throw new ArgumentOutOfRangeException(nameof(ScoreLevels), ScoreLevels, $"Score levels must be between 2 (wrong/right) and {MaxScoreLevels} (percent steps).");
            }

            if (!(Alpha > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "The Laplace pseudo-count must be positive so that no probability is 0.");
            }

            if (Bandwidth is { } h && !(h > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(Bandwidth), h, "The kernel bandwidth must be positive.");
            }

            if (!(Ridge >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "The logistic ridge penalty must not be negative.");
            }

            if (!(MinimumBandwidth > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(MinimumBandwidth), MinimumBandwidth, "The minimum bandwidth must be positive.");
            }

            if (!(KernelFloor > 0 && KernelFloor < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(KernelFloor), KernelFloor, "The kernel floor must be in (0, 1) so that no probability is 0.");
            }
        }
    }
}
