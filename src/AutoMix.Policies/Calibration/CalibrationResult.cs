using System.Collections.Generic;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Calibration
{
    /// <summary>A calibrated observation model (with provenance) and how it was obtained.</summary>
    public sealed record CalibrationResult(ObservationModel Model, CalibrationReport Report);

    /// <summary>
    /// What calibration saw: rows used, rows skipped because a mapped model had no run, per verified tier the
    /// signal quality (rows without usable verification, rows with confidence 0), and each state's row count.
    /// </summary>
    public sealed record CalibrationReport(
        int RowsUsed,
        int RowsSkippedMissingModel,
        IReadOnlyList<ConfidenceSummary> Signals,
        IReadOnlyList<StateCount> States);

    /// <summary>How many rows a state was estimated from.</summary>
    public sealed record StateCount(string State, int Rows);
}
