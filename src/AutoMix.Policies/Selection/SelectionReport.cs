using System.Collections.Generic;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Selection
{
    /// <summary>
    /// One candidate of <see cref="CrossValidatedSelection"/> and its pooled held-out result. <see cref="Value"/> is
    /// λ as a share of the model's best IBC for a POMDP candidate, the threshold for a threshold candidate, NaN for "max-IBC under each
    /// fold's model" (<see cref="ModelMaxIbc"/>).
    /// </summary>
    public sealed record SelectionCandidate(
        RouterSelectionKind Kind,
        BinningChoice Binning,
        CalibrationOptions? Calibration,
        double Value,
        bool ModelMaxIbc,
        CostQuality HeldOut,
        DeltaIbc DeltaIbc)
    {
        /// <summary>Bootstrap standard error of this candidate's held-out ΔIBC minus the best candidate's (0 for the best; NaN when undefined).</summary>
        public double StandardError { get; init; } = double.NaN;

        public override string ToString() => Kind == RouterSelectionKind.Threshold
            ? (Binning.IsPolicyBinning ? "threshold " + Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "threshold at " + Binning.Name + ", bins " + Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " and up accepted")
            : "pomdp " + (Binning.IsPolicyBinning ? string.Empty : Binning.Name + ", ") + CrossValidatedSelection.Describe(Calibration!) + (ModelMaxIbc ? ", max-ibc under the model" : ", lambda " + Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " x the model's best IBC");
    }

    /// <summary>The chosen candidate, every candidate's score, and the cross-validation's shape.</summary>
    public sealed record SelectionReport(
        SelectionCandidate Chosen,
        IReadOnlyList<SelectionCandidate> Candidates,
        int Folds,
        int Repeats,
        int Rows,
        CostQuality AlwaysFirst,
        CostQuality AlwaysLast)
    {
        /// <summary>
        /// Candidates whose held-out ΔIBC is within one (paired bootstrap) standard error of the chosen one's, the
        /// chosen included: when there are many, the rows cannot tell them apart and the choice among them is noise.
        /// </summary>
        public int WithinOneStandardError
        {
            get
            {
                var count = 0;
                foreach (var candidate in Candidates)
                {
                    if (candidate.DeltaIbc.IsDefined && Chosen.DeltaIbc.IsDefined && !double.IsNaN(candidate.StandardError)
                        && candidate.DeltaIbc.Value >= Chosen.DeltaIbc.Value - candidate.StandardError - 1e-9)
                    {
                        count++;
                    }
                }

                return count;
            }
        }
    }
}
