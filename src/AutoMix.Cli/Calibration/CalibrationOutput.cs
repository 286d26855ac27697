using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Selection;

namespace AutoMix.Cli.Calibration;

/// <summary>How `automix calibrate` reports its cross-validated choice: a readable summary and a JSON document.</summary>
internal static class CalibrationOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The choice and the best candidate of each kind, for the terminal.</summary>
    public static string Summary(SelectionReport report, RouterSelection? written)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Chosen by {report.Folds}-fold cross-validation x{report.Repeats} on {report.Rows} rows (held-out ΔIBC, runtime observations): {report.Chosen} ({Score(report.Chosen)}).");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {report.WithinOneStandardError} of {report.Candidates.Count} candidates are within one standard error of it (paired bootstrap over the rows).");
        foreach (var (label, best) in Leaders(report))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  best {label}: {best} ({Score(best)})");
        }

        text.Append(written is null
            ? "  model.selection: none (the build maximises IBC under the model, which gives the same point)."
            : "  model.selection: " + (written.Kind == RouterSelectionKind.Pomdp ? "pomdp, lambda " : "threshold ") + written.Value.ToString("0.######", CultureInfo.InvariantCulture) + " (a rebuild reproduces it).");
        return text.ToString();
    }

    public static string Json(SelectionReport? report, RouterSelection? written, OperatingPoint point)
    {
        var document = new CalibrationJson(
            report is null ? null : new SelectionJson(
                report.Folds,
                report.Repeats,
                report.Rows,
                Candidate(report.Chosen),
                Leaders(report).Select(l => Candidate(l.Best)).ToList(),
                report.Candidates.Select(Candidate).ToList()) { WithinOneStandardError = report.WithinOneStandardError },
            written is null ? null : new WrittenJson(written.Kind == RouterSelectionKind.Pomdp ? "pomdp" : "threshold", written.Value),
            new PointJson(point.Lambda, point.Metrics.ExpectedPerformance, point.Metrics.ExpectedCost, point.Metrics.WorstCaseCost));
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    private static IEnumerable<(string Label, SelectionCandidate Best)> Leaders(SelectionReport report)
    {
        var leaders = new (string, System.Func<SelectionCandidate, bool>)[]
        {
            ("threshold", c => c.Kind == RouterSelectionKind.Threshold),
            ("POMDP at a fixed lambda", c => c.Kind == RouterSelectionKind.Pomdp && !c.ModelMaxIbc),
            ("POMDP max-ibc under the model", c => c.ModelMaxIbc),
        };
        foreach (var (label, filter) in leaders)
        {
            if (CrossValidatedSelection.Best(report.Candidates, filter) is { } best)
            {
                yield return (label, best);
            }
        }
    }

    private static string Score(SelectionCandidate candidate) =>
        candidate.DeltaIbc.IsDefined ? "ΔIBC " + candidate.DeltaIbc.Value.ToString("0.0", CultureInfo.InvariantCulture) : "ΔIBC undefined";

    private static CandidateJson Candidate(SelectionCandidate c) => new(
        c.Kind == RouterSelectionKind.Pomdp ? "pomdp" : "threshold",
        c.Calibration is null ? null : CrossValidatedSelection.Describe(c.Calibration),
        c.ModelMaxIbc ? null : c.Value,
        c.ModelMaxIbc,
        c.HeldOut.Performance,
        c.HeldOut.Cost,
        c.DeltaIbc.IsDefined ? c.DeltaIbc.Value : null,
        double.IsNaN(c.StandardError) ? null : c.StandardError);

    private sealed record CalibrationJson(SelectionJson? Selection, WrittenJson? Written, PointJson DefaultOperatingPoint);

    private sealed record SelectionJson(int Folds, int Repeats, int Rows, CandidateJson Chosen, IReadOnlyList<CandidateJson> BestOfEachKind, IReadOnlyList<CandidateJson> Candidates)
    {
        public int WithinOneStandardError { get; init; }
    }

    private sealed record CandidateJson(string Kind, string? Smoothing, double? Value, bool ModelMaxIbc, double Quality, double Cost, double? DeltaIbc, double? StandardError);

    private sealed record WrittenJson(string Router, double Value);

    private sealed record PointJson(double? Lambda, double ExpectedQuality, double ExpectedCost, double WorstCaseCost);
}
