using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AutoMix.Evaluation.Plotting;
using Spectre.Console;

namespace AutoMix.Cli.Evaluation;

/// <summary>Writes an <see cref="EvalReport"/> as a console table, JSON, Markdown and a cost–quality SVG.</summary>
internal static class EvalOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Json(EvalReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>One row per router: the runtime replay, the offline replay and the baselines.</summary>
    public static IReadOnlyList<string[]> Rows(EvalReport report)
    {
        var numbers = ReportNumbers.For(report);
        string C(double cost) => numbers.Cost(cost);
        var rows = new List<string[]>
        {
            new[] { "AutoMix (runtime replay)", Q(report.Runtime.Quality), C(report.Runtime.Cost), D(report.Runtime.DeltaIbc, report.Runtime.DeltaIbcInterval), Shares(report.Runtime.TierShares) },
            new[] { "AutoMix (offline replay)", Q(report.Offline.Quality), C(report.Offline.Cost), D(report.Offline.DeltaIbc, report.Offline.DeltaIbcInterval), Shares(report.Offline.TierShares) },
        };
        foreach (var always in report.Baselines.AlwaysTier)
        {
            rows.Add(new[] { $"always {always.Tier} ({always.Model})", Q(always.Quality), C(always.Cost), string.Empty, $"{always.Tier} 100%" });
        }

        if (report.Baselines.BestThreshold is { } t)
        {
            rows.Add(new[] { $"best threshold {F(t.Threshold, "0.###")} (chosen on {t.SelectedOn})", Q(t.Quality), C(t.Cost), D(t.DeltaIbc), string.Empty });
        }

        if (report.Baselines.FixedK is { } fixedK)
        {
            rows.Add(new[] { "same policy, all k samples at once (offline)", Q(fixedK.Quality), C(fixedK.Cost), D(fixedK.DeltaIbc), string.Empty });
        }

        if (report.Baselines.RandomMixing.FirstOrDefault(m => Math.Abs(m.P - 0.5) < 1e-9) is { } half)
        {
            rows.Add(new[] { "random mixing p=0.5", Q(half.Quality), C(half.Cost), "0.0", string.Empty });
        }

        if (report.Baselines.Frontier.Count > 0)
        {
            var best = report.Baselines.Frontier.Where(f => f.DeltaIbc is not null).OrderByDescending(f => f.DeltaIbc).FirstOrDefault();
            if (best is not null)
            {
                var distinct = FrontierListing.DistinctPoints(report.Baselines.Frontier).Count;
                rows.Add(new[] { $"best of {distinct} distinct frontier policies (hindsight)", Q(best.Quality), C(best.Cost), D(best.DeltaIbc), string.Empty });
            }
        }

        return rows;
    }

    public static readonly string[] Headers = { "router", "quality", "cost/query", "ΔIBC % [90% CI]", "answered by" };

    public static void WriteConsole(EvalReport report, TextWriter writer, bool interactive)
    {
        writer.WriteLine(Setup(report));
        if (interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in Headers)
            {
                table.AddColumn(header == "router" ? new TableColumn(header) : new TableColumn(header).RightAligned());
            }

            foreach (var row in Rows(report))
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            console.Write(table);
        }
        else
        {
            writer.Write(PlainTable(Rows(report)));
        }

        foreach (var note in report.Notes)
        {
            writer.WriteLine("note: " + note);
        }
    }

    public static string Setup(EvalReport report)
    {
        var tiers = string.Join(" -> ", report.Tiers.Select(t => $"{t.Name}={t.Model} (cost {F(t.Cost, "0.######")}{(t.Verifier is null ? string.Empty : $", {t.Verifier} k={t.Samples}")})"));
        return $"Policy {report.Policy.Name} ({report.Policy.Router}{(report.Policy.Objective is null ? string.Empty : ", " + report.Policy.Objective)}) on {report.Data.Rows} rows of {report.Data.Runs} (split {report.Data.Split}), costs {report.Costs}, seed {report.Seed}\nTiers: {tiers}";
    }

    public static string PlainTable(IReadOnlyList<string[]> rows)
    {
        var all = new List<string[]> { Headers };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, Headers.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        var builder = new StringBuilder();
        foreach (var row in all)
        {
            for (var c = 0; c < row.Length; c++)
            {
                builder.Append(c == 0 ? row[c].PadRight(widths[c]) : "  " + row[c].PadLeft(widths[c]));
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    public static string Markdown(EvalReport report)
    {
        var md = new StringBuilder();
        md.Append("# AutoMix evaluation: ").Append(report.Policy.Name).Append("\n\n");
        md.Append("## Setup\n\n");
        md.Append("- Policy: `").Append(report.Policy.Path).Append("` (router ").Append(report.Policy.Router);
        if (report.Policy.Objective is not null)
        {
            md.Append(", objective ").Append(report.Policy.Objective);
        }

        md.Append(", operating point `").Append(report.Policy.OperatingPoint).Append("`)\n");
        md.Append("- Data: `").Append(report.Data.Runs).Append("`, split `").Append(report.Data.Split).Append("`: ")
            .Append(report.Data.Rows).Append(" rows used, ").Append(report.Data.RowsSkipped).Append(" skipped, ")
            .Append(report.Data.MalformedLines).Append(" malformed lines; sha256 `").Append(report.Data.Sha256).Append("`\n");
        md.Append("- Threshold baseline selected on: ").Append(report.Data.SelectSplit).Append('\n');
        md.Append("- Costs: ").Append(report.Costs).Append("; seed ").Append(report.Seed).Append('\n');
        md.Append("- Tiers:\n");
        foreach (var tier in report.Tiers)
        {
            md.Append("  - `").Append(tier.Name).Append("` = `").Append(tier.Model).Append("`, cost ").Append(F(tier.Cost, "0.######"));
            if (tier.Verifier is not null)
            {
                md.Append(", verifier ").Append(tier.Verifier).Append(" k=").Append(tier.Samples).Append(" (cost ").Append(F(tier.VerifierCost, "0.######")).Append(')');
            }

            md.Append('\n');
        }

        md.Append("\n## Provenance of the policy's model\n\n");
        if (report.Policy.Provenance is { } p)
        {
            md.Append("- data: ").Append(p.Data ?? "(not recorded)").Append('\n');
            md.Append("- rows: ").Append(p.Rows?.ToString(CultureInfo.InvariantCulture) ?? "(not recorded)").Append('\n');
            md.Append("- hash: ").Append(p.Hash is null ? "(not recorded)" : "`" + p.Hash + "`").Append('\n');
            md.Append("- date: ").Append(p.Date ?? "(not recorded)").Append('\n');
            md.Append("- tool: ").Append(p.Tool ?? "(not recorded)").Append('\n');
            if (p.Notes is not null)
            {
                md.Append("- notes: ").Append(p.Notes).Append('\n');
            }

            var hash = p.Hash is null ? null : p.Hash.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? p.Hash[7..] : p.Hash;
            if (hash is not null && string.Equals(hash, report.Data.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                md.Append("\n**Note:** the model was calibrated on the file evaluated here (same SHA-256); unless calibration used another split than `")
                    .Append(report.Data.Split).Append("`, these results are in-sample.\n");
            }
        }
        else
        {
            md.Append(report.Policy.Router == "threshold" ? "Threshold router: no observation model.\n" : "The model has no provenance section.\n");
        }

        md.Append("\n## Results\n\n");
        md.Append("| ").Append(string.Join(" | ", Headers)).Append(" |\n");
        md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", Headers.Length - 1))).Append('\n');
        foreach (var row in Rows(report))
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }

        md.Append("\nQuality is the mean recorded score of the answering tier; cost is per query (tier and verifier costs of every visit). ")
            .Append("ΔIBC is measured against the straight line from always-")
            .Append(report.Tiers[0].Name).Append(" to always-").Append(report.Tiers[^1].Name)
            .Append(" on the same rows; brackets give its 90% bootstrap interval over the queries (2000 resamples).\n");
        if (report.Runtime.InputTokens is { } input)
        {
            md.Append("Runtime replay tokens (recorded answer tokens): ").Append(input).Append(" in, ").Append(report.Runtime.OutputTokens).Append(" out; ")
                .Append(F(report.Runtime.EscalationsPerQuery ?? 0, "0.###")).Append(" escalations per query.\n");
        }

        var numbers = ReportNumbers.For(report);
        md.Append("\n## Baselines\n\n");
        md.Append("Random mixing (exact expectation):\n\n| p(last tier) | quality | cost |\n|---:|---:|---:|\n");
        foreach (var m in report.Baselines.RandomMixing)
        {
            md.Append("| ").Append(F(m.P, "0.0")).Append(" | ").Append(Q(m.Quality)).Append(" | ").Append(numbers.Cost(m.Cost)).Append(" |\n");
        }

        if (report.Baselines.Frontier.Count > 0)
        {
            AppendFrontier(md, report.Baselines.Frontier, numbers);
        }

        md.Append("\n![cost-quality](cost-quality.svg)\n\n## Notes\n\n");
        if (report.Notes.Count == 0)
        {
            md.Append("No warnings or notes.\n");
        }

        foreach (var note in report.Notes)
        {
            md.Append("- ").Append(note).Append('\n');
        }

        return md.ToString();
    }

    /// <summary>
    /// The λ-frontier table: neighbouring λ ranges that replay identically share a row (<see cref="FrontierListing"/>),
    /// and λ is printed with as many digits as it takes to tell the ranges apart.
    /// </summary>
    private static void AppendFrontier(StringBuilder md, IReadOnlyList<FrontierResult> frontier, ReportNumbers numbers)
    {
        var rows = FrontierListing.Merge(frontier);
        var lambdas = ReportNumbers.Lambdas(rows.SelectMany(r => new[] { r.LambdaLow, r.LambdaHigh ?? double.PositiveInfinity }).ToList());
        md.Append("\nλ-frontier of the POMDP policy (expected under the model, then replayed on the rows):\n\n")
            .Append("| λ from | λ to | expected quality | expected cost | quality | cost | ΔIBC % |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var f = rows[i];
            md.Append("| ").Append(lambdas[2 * i]).Append(" | ").Append(lambdas[(2 * i) + 1])
                .Append(" | ").Append(Range(f.ExpectedQualityMin, f.ExpectedQualityMax, Q)).Append(" | ").Append(Range(f.ExpectedCostMin, f.ExpectedCostMax, numbers.Cost))
                .Append(" | ").Append(Q(f.Quality)).Append(" | ").Append(numbers.Cost(f.Cost)).Append(" | ").Append(D(f.DeltaIbc)).Append(" |\n");
        }

        var merged = frontier.Count - rows.Count;
        if (merged > 0)
        {
            md.Append("\n").Append(frontier.Count).Append(" solver policies, ").Append(rows.Count)
                .Append(" rows: neighbouring λ ranges whose policies replay to the same quality and cost share a row (their expected values are given as a range).\n");
        }
    }

    private static string Range(double min, double max, Func<double, string> format)
    {
        var (low, high) = (format(min), format(max));
        return low == high ? low : low + "–" + high;
    }

    public static string Svg(EvalReport report)
    {
        var series = new List<PlotSeries>();
        if (report.Baselines.Frontier.Count > 0)
        {
            series.Add(new PlotSeries("λ-frontier (replayed)", FrontierListing.DistinctPoints(report.Baselines.Frontier), SeriesStyle.Line, "#1f77b4"));
        }

        series.Add(new PlotSeries("random mixing", report.Baselines.RandomMixing.Select(m => (m.Cost, m.Quality)).ToList(), SeriesStyle.Line, "#7f7f7f"));
        var colours = new[] { "#2ca02c", "#9467bd", "#8c564b", "#e377c2" };
        for (var i = 0; i < report.Baselines.AlwaysTier.Count; i++)
        {
            var always = report.Baselines.AlwaysTier[i];
            series.Add(new PlotSeries($"always {always.Tier}", new[] { (always.Cost, always.Quality) }, SeriesStyle.Markers, colours[i % colours.Length]));
        }

        if (report.Baselines.BestThreshold is { } t)
        {
            series.Add(new PlotSeries($"best threshold {F(t.Threshold, "0.###")}", new[] { (t.Cost, t.Quality) }, SeriesStyle.Markers, "#ff7f0e"));
        }

        series.Add(new PlotSeries("offline replay", new[] { (report.Offline.Cost, report.Offline.Quality) }, SeriesStyle.Markers, "#17becf"));
        series.Add(new PlotSeries("AutoMix (runtime)", new[] { (report.Runtime.Cost, report.Runtime.Quality) }, SeriesStyle.Highlight, "#d62728"));
        return CostQualityPlot.Render($"{PlotName(report.Policy.Path)}: cost vs quality ({report.Data.Rows} queries)", "cost per query", "quality", series);
    }

    /// <summary>
    /// The policy as its file names it, which people choose to read ("quickstart", "triviaqa-llama8b-70b-405b"), rather
    /// than the C# type name the policy must have. A file called just "policy" is named by its folder, as each
    /// configuration of docs/results is.
    /// </summary>
    internal static string PlotName(string policyPath)
    {
        var file = Path.GetFileName(policyPath);
        var stem = file;
        foreach (var suffix in new[] { ".automix.yaml", ".automix.yml", ".yaml", ".yml" })
        {
            if (file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                stem = file[..^suffix.Length];
                break;
            }
        }

        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(policyPath)));
        return string.Equals(stem, "policy", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(folder) ? folder : stem;
    }

    private static string Shares(IReadOnlyDictionary<string, double> shares) =>
        string.Join(" ", shares.Select(s => s.Key + " " + F(100 * s.Value, "0.#") + "%"));

    private static string Q(double value) => F(value, "0.0000");

    private static string D(double? value) => value is { } v ? F(v, "0.0") : "n/a";

    private static string D(double? value, ConfidenceInterval? interval) =>
        D(value) + (interval is { } i && value is not null ? $" [{F(i.Low, "0.0")}, {F(i.High, "0.0")}]" : string.Empty);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
