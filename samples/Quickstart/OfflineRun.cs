using System.Collections.Concurrent;
using System.Globalization;
using AutoMix;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using AutoMix.Samples;
using AutoMix.Evaluation.Plotting;
using AutoMix.Evaluation.Simulation;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace QuickstartSample;

/// <summary>
/// Offline: the generated <see cref="Quickstart"/> cascade runs over simulated tiers that answer and verify as the
/// policy's calibrated model says, next to always-small, always-large and the best threshold router.
/// </summary>
internal static class OfflineRun
{
    private const string PolicyFile = "policies/quickstart.automix.yaml";

    public static async Task<int> RunAsync(int queryCount, int seed, string outDirectory, CancellationToken cancellationToken)
    {
        var compilation = PolicyCompiler.Compile(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, PolicyFile)), PolicyFile);
        if (compilation.HasErrors || compilation.Document?.Model is null || compilation.Default is null)
        {
            foreach (var diagnostic in compilation.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            Console.Error.WriteLine($"{PolicyFile} has no usable calibrated model; run 'automix calibrate' on it first.");
            return 1;
        }

        var policy = compilation.Document;

        // The class was generated at build time; the policy compiler at run time must agree with it table for table.
        if (!Quickstart.Definition.DefaultTable.Equals(compilation.Default.Table))
        {
            Console.Error.WriteLine("The generated Quickstart table differs from the policy file: rebuild the sample.");
            return 1;
        }

        var provenance = policy.Model.Provenance;
        AnsiConsole.MarkupLine($"[bold]AutoMix quickstart[/]: policy [blue]{PolicyFile}[/] ({Quickstart.Definition.Tiers[0].Model} -> {Quickstart.Definition.Tiers[1].Model}), table generated at build time.");
        AnsiConsole.MarkupLine(Markup.Escape($"Model calibrated on {provenance?.Data ?? "unknown data"} ({provenance?.Rows?.ToString(CultureInfo.InvariantCulture) ?? "?"} rows, {provenance?.Date ?? "undated"}); simulating {queryCount} queries drawn from it (seed {seed})."));

        var world = new SimulatedWorld(policy, queryCount, seed);
        var clients = world.Clients();
        var (thresholdValue, thresholdTable) = BestThresholdUnderTheModel(policy);
        using var pomdp = new Quickstart(small: clients[0], large: clients[1]);
        using var threshold = new AutoMixCascade(new CascadeDefinition("Threshold", Quickstart.Definition.Tiers, thresholdTable), clients);

        StrategyResult pomdpResult = null!;
        StrategyResult thresholdResult = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var thresholdTask = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"threshold {thresholdValue:0.###} cascade"), maxValue: queryCount);
                var pomdpTask = context.AddTask("POMDP cascade (generated)", maxValue: queryCount);
                thresholdResult = await RunCascadeAsync("threshold " + thresholdValue.ToString("0.###", CultureInfo.InvariantCulture), threshold, world, thresholdTask, cancellationToken);
                pomdpResult = await RunCascadeAsync("AutoMix POMDP (max-ibc)", pomdp, world, pomdpTask, cancellationToken);
            });

        var alwaysSmall = new StrategyResult("always small", world.Queries.Average(q => q.Correct[0] ? 1.0 : 0.0), policy.Tiers[0].Cost, 0);
        var alwaysLarge = new StrategyResult("always large", world.Queries.Average(q => q.Correct[1] ? 1.0 : 0.0), policy.Tiers[1].Cost, 1);
        var results = new[] { alwaysSmall, alwaysLarge, thresholdResult, pomdpResult };
        PrintTable(results, alwaysSmall, alwaysLarge);

        Directory.CreateDirectory(outDirectory);
        var plotPath = Path.Combine(outDirectory, "cost-quality.svg");
        await File.WriteAllTextAsync(plotPath, Plot(compilation, results, alwaysSmall, alwaysLarge), cancellationToken);
        AnsiConsole.MarkupLine($"Plot: [blue]{Markup.Escape(plotPath)}[/]");
        return 0;
    }

    private static async Task<StrategyResult> RunCascadeAsync(string name, AutoMixCascade cascade, SimulatedWorld world, ProgressTask progress, CancellationToken cancellationToken)
    {
        var correct = 0;
        var large = 0;
        var costs = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(world.Queries, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (query, token) =>
        {
            var result = await cascade.RunAsync([new ChatMessage(ChatRole.User, query.Question)], cancellationToken: token);
            if (string.Equals(result.Response.Text, query.GoldAnswer, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref correct);
            }

            if (result.Trace.AnsweringTier == 1)
            {
                Interlocked.Increment(ref large);
            }

            costs.Add(result.Trace.TotalCost);
            progress.Increment(1);
        });

        var count = world.Queries.Count;
        return new StrategyResult(name, (double)correct / count, costs.Sum() / count, (double)large / count);
    }

    /// <summary>The single threshold with the best gain per cost (IBC) under the model: the strongest threshold baseline.</summary>
    private static (double Threshold, PolicyTable Table) BestThresholdUnderTheModel(PolicyDocument policy)
    {
        var (smallPerformance, smallCost) = OperatingPointSelector.AlwaysTier(policy, 0);
        return ThresholdTables.AllSingleThresholds(policy)
            .Select(candidate => (candidate, metrics: PolicyEvaluator.Evaluate(candidate.Table, policy)))
            .Where(c => c.metrics.ExpectedCost > smallCost)
            .MaxBy(c => IncrementalBenefitPerCost.Of(c.metrics.ExpectedPerformance, c.metrics.ExpectedCost, smallPerformance, smallCost))
            .candidate;
    }

    private static void PrintTable(IReadOnlyList<StrategyResult> results, StrategyResult small, StrategyResult large)
    {
        var table = new Table().Title("[bold]Cost and quality per query[/] (costs: small 1, large 50, verifier 1)")
            .AddColumn("strategy").AddColumn(new TableColumn("quality").RightAligned()).AddColumn(new TableColumn("cost").RightAligned())
            .AddColumn(new TableColumn("to large").RightAligned()).AddColumn(new TableColumn("ΔIBC").RightAligned())
            .AddColumn(new TableColumn("saving vs mixing").RightAligned());
        foreach (var result in results)
        {
            var deltaIbc = IncrementalBenefitPerCost.Delta(result.Quality, result.Cost, small.Quality, small.Cost, large.Quality, large.Cost);

            // Random mixing of always-small and always-large reaches this quality at a cost on the straight line between them.
            var lineCost = small.Cost + ((result.Quality - small.Quality) / (large.Quality - small.Quality) * (large.Cost - small.Cost));
            var saving = result == small || result == large ? "-" : Percent(1 - (result.Cost / lineCost));
            table.AddRow(
                result.Name,
                result.Quality.ToString("0.000", CultureInfo.InvariantCulture),
                result.Cost.ToString("0.00", CultureInfo.InvariantCulture),
                Percent(result.LargeShare),
                double.IsNaN(deltaIbc) ? "-" : deltaIbc.ToString("+0.0;-0.0", CultureInfo.InvariantCulture),
                saving);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]ΔIBC: gain in quality per unit cost over always-small, relative to always-large (paper's metric). Saving: cost below random mixing of small and large at the same quality.[/]");
    }

    private static string Plot(PolicyCompilation compilation, IReadOnlyList<StrategyResult> results, StrategyResult small, StrategyResult large)
    {
        var frontier = PolicyCompiler.FrontierOf(compilation).Select(p => (p.Metrics.ExpectedCost, p.Metrics.ExpectedPerformance)).ToList();
        return CostQualityPlot.Render("Quickstart: simulated from the calibrated model", "cost per query", "quality", new[]
        {
            new PlotSeries("lambda-frontier (model)", frontier, SeriesStyle.Line, "#1f77b4"),
            new PlotSeries("random mixing", new[] { (small.Cost, small.Quality), (large.Cost, large.Quality) }, SeriesStyle.Line, "#7f7f7f"),
            new PlotSeries(results[2].Name, new[] { (results[2].Cost, results[2].Quality) }, SeriesStyle.Markers, "#2ca02c"),
            new PlotSeries("AutoMix POMDP (chosen)", new[] { (results[3].Cost, results[3].Quality) }, SeriesStyle.Highlight, "#d62728"),
        });
    }

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
