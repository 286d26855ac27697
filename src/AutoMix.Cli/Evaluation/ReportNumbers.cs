using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoMix.Cli.Evaluation;

/// <summary>
/// How the human-readable outputs (console table, report.md) print numbers: every cost of one report with the same
/// number of decimals, and λ values with just enough significant digits to keep distinct values distinct.
/// </summary>
internal sealed class ReportNumbers
{
    private readonly string _costFormat;

    private ReportNumbers(int costDecimals)
    {
        CostDecimals = costDecimals;
        _costFormat = "0." + new string('0', costDecimals);
    }

    /// <summary>Decimals of every cost in the report: four significant digits of the cheapest positive cost, at least two.</summary>
    public int CostDecimals { get; }

    /// <summary>
    /// One cost format for the whole report. Paper unit costs (cheapest 1) get 3 decimals; measured dollar costs
    /// (cheapest e.g. 0.00012) get 7, so the cheapest still shows four significant digits.
    /// </summary>
    public static ReportNumbers For(EvalReport report)
    {
        var costs = report.Baselines.AlwaysTier.Select(a => a.Cost)
            .Concat(report.Baselines.RandomMixing.Select(m => m.Cost))
            .Append(report.Runtime.Cost)
            .Append(report.Offline.Cost)
            .Where(c => double.IsFinite(c) && c > 0)
            .ToList();
        return ForCheapest(costs.Count == 0 ? 1 : costs.Min());
    }

    public static ReportNumbers ForCheapest(double cheapest)
    {
        var decimals = 3 - (int)Math.Floor(Math.Log10(cheapest));
        return new ReportNumbers(Math.Clamp(decimals, 2, 12));
    }

    public string Cost(double value) => value.ToString(_costFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// λ values as text, in the given order: three significant digits, or more where two distinct values would
    /// otherwise print alike (λ ranges of a frontier can be 1e-5 apart). Infinity prints as ∞.
    /// </summary>
    public static IReadOnlyList<string> Lambdas(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).Distinct().ToList();
        for (var digits = 3; digits < 17; digits++)
        {
            var texts = finite.Select(v => Lambda(v, digits)).Distinct(StringComparer.Ordinal).Count();
            if (texts == finite.Count)
            {
                return values.Select(v => Lambda(v, digits)).ToList();
            }
        }

        return values.Select(v => Lambda(v, 17)).ToList();
    }

    private static string Lambda(double value, int digits) =>
        double.IsPositiveInfinity(value) ? "∞" : value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
