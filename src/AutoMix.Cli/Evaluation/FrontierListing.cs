using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoMix.Cli.Evaluation;

/// <summary>
/// One row of a human-readable frontier listing: neighbouring λ ranges whose policies replay to exactly the same
/// quality and cost are one row. They differ only where the evaluation rows never go, so listing each would repeat
/// the same result. The expected values (under the model) still differ and are given as ranges.
/// </summary>
internal sealed record FrontierListingRow(
    double LambdaLow,
    double? LambdaHigh,
    double ExpectedQualityMin,
    double ExpectedQualityMax,
    double ExpectedCostMin,
    double ExpectedCostMax,
    double Quality,
    double Cost,
    double? DeltaIbc,
    int Policies);

/// <summary>Builds frontier listings (report.md, the console's "best of N", the plot) from the JSON report's full frontier.</summary>
internal static class FrontierListing
{
    /// <summary>Neighbours (in λ order) with identical replayed quality and cost merged into one row.</summary>
    public static IReadOnlyList<FrontierListingRow> Merge(IReadOnlyList<FrontierResult> frontier)
    {
        var rows = new List<FrontierListingRow>();
        foreach (var f in frontier)
        {
            if (rows.Count > 0 && rows[^1] is { } last && last.Quality == f.Quality && last.Cost == f.Cost)
            {
                rows[^1] = last with
                {
                    LambdaHigh = f.LambdaHigh,
                    ExpectedQualityMin = Math.Min(last.ExpectedQualityMin, f.ExpectedQuality),
                    ExpectedQualityMax = Math.Max(last.ExpectedQualityMax, f.ExpectedQuality),
                    ExpectedCostMin = Math.Min(last.ExpectedCostMin, f.ExpectedCost),
                    ExpectedCostMax = Math.Max(last.ExpectedCostMax, f.ExpectedCost),
                    Policies = last.Policies + 1,
                };
            }
            else
            {
                rows.Add(new FrontierListingRow(
                    f.LambdaLow, f.LambdaHigh, f.ExpectedQuality, f.ExpectedQuality, f.ExpectedCost, f.ExpectedCost, f.Quality, f.Cost, f.DeltaIbc, 1));
            }
        }

        return rows;
    }

    /// <summary>The distinct replayed (cost, quality) points, cheapest first: what the plot draws.</summary>
    public static IReadOnlyList<(double Cost, double Quality)> DistinctPoints(IReadOnlyList<FrontierResult> frontier) =>
        frontier.Select(f => (f.Cost, f.Quality)).Distinct().OrderBy(p => p.Cost).ThenBy(p => p.Quality).ToList();
}
