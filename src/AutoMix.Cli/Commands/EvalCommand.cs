using System;
using System.CommandLine;
using System.IO;
using AutoMix.Cli.Evaluation;
using AutoMix.Cli.Infrastructure;

namespace AutoMix.Cli.Commands;

/// <summary>
/// <c>automix eval &lt;policy.yaml&gt; --runs &lt;file.jsonl&gt;</c>: replays every query of the evaluation split
/// through the real runtime (<see cref="AutoMixCascade"/>) over backends that answer from the recorded runs, and
/// compares it with the offline replay of the same table and the baselines (always-each-tier, best threshold,
/// random mixing, the λ-frontier). Console table, <c>--json</c>, and <c>--out dir</c> for report.md and cost-quality.svg.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var policy = new Argument<string>("policy") { Description = "The policy file to evaluate (calibrated POMDP or threshold router)." };
        var runs = new Option<string>("--runs") { Description = "Recorded runs (JSONL, format of shared/data/README.md).", Required = true };
        var selectRuns = new Option<string?>("--select-runs") { Description = "Recorded runs to choose the best threshold on (default: --runs), e.g. the train file." };
        var tiers = new Option<string?>("--tiers") { Description = "Which recorded model plays each tier: small=llama3.1-8b,large=llama3.1-70b (default: each tier's model)." };
        var split = new Option<string>("--split") { Description = "Rows to evaluate: auto (test if the rows have splits, else odd), all, train, test, even, odd.", DefaultValueFactory = _ => "auto" };
        split.AcceptOnlyFromAmong(["auto", .. RunFiles.Splits]);
        var selectSplit = new Option<string>("--select-split") { Description = "Rows the best threshold is chosen on: auto (train if present, else even), all, train, test, even, odd.", DefaultValueFactory = _ => "auto" };
        selectSplit.AcceptOnlyFromAmong(["auto", .. RunFiles.Splits]);
        var costs = new Option<string>("--costs") { Description = "paper: the policy's unit costs; measured: each tier's mean recorded cost_usd per call (verification the same).", DefaultValueFactory = _ => "paper" };
        costs.AcceptOnlyFromAmong("paper", "measured");
        var seed = new Option<int>("--seed") { Description = "First seed of the replayed verifier samples.", DefaultValueFactory = _ => 1 };
        var seeds = new Option<int>("--seeds") { Description = "Runtime replays with consecutive seeds (sampled verifiers draw new verdicts in each); the runtime row reports their mean and spread.", DefaultValueFactory = _ => EvalSettings.DefaultSeeds };
        var sampleOrder = new Option<string>("--sample-order") { Description = "Self-consistency samples in the runtime replay: drawn (seeded draws from the recorded samples, what calibration models) or recorded (the recorded samples in their recorded order: one fixed draw per query, every seed alike).", DefaultValueFactory = _ => "drawn" };
        sampleOrder.AcceptOnlyFromAmong("drawn", "recorded");
        var concurrency = new Option<int>("--concurrency") { Description = "Queries replayed at once.", DefaultValueFactory = _ => 8 };
        var outDir = new Option<string?>("--out") { Description = "Folder for report.md and cost-quality.svg (created if missing)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };

        var command = new Command("eval", "Replay recorded runs through the runtime and compare cost and quality with the baselines.")
        {
            policy, runs, selectRuns, tiers, split, selectSplit, costs, seed, seeds, sampleOrder, concurrency, outDir, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new EvalSettings(
                parse.GetRequiredValue(policy), parse.GetRequiredValue(runs), parse.GetValue(selectRuns), parse.GetValue(tiers),
                parse.GetRequiredValue(split), parse.GetRequiredValue(selectSplit), parse.GetRequiredValue(costs),
                parse.GetValue(seed), parse.GetValue(seeds), parse.GetValue(concurrency), parse.GetValue(outDir), parse.GetValue(json))
            {
                RecordedSampleOrder = parse.GetRequiredValue(sampleOrder) == "recorded",
            };
            if (settings.Concurrency < 1)
            {
                throw new CliException("error: --concurrency must be at least 1.");
            }

            if (settings.Seeds < 1 || settings.Seeds > 1000)
            {
                throw new CliException("error: --seeds must be between 1 and 1000.");
            }

            // The policy's diagnostics go to stderr (PolicyFiles.Print), so with --json stdout carries nothing but the JSON.
            var result = await ProgressDisplay.RunAsync(context, "replaying queries", progress => EvalPipeline.RunAsync(settings, context, progress, cancellationToken)).ConfigureAwait(false);
            var report = EvalReportBuilder.Build(result);
            if (settings.Json)
            {
                await context.Out.WriteLineAsync(EvalOutput.Json(report)).ConfigureAwait(false);
            }
            else
            {
                EvalOutput.WriteConsole(report, context.Out, ProgressDisplay.IsTerminal(context.Out, Console.Out, Console.IsOutputRedirected));
            }

            if (settings.OutDirectory is { } directory)
            {
                Directory.CreateDirectory(directory);
                await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), EvalOutput.Markdown(report), cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(directory, "cost-quality.svg"), EvalOutput.Svg(report), cancellationToken).ConfigureAwait(false);
                (settings.Json ? context.Error : context.Out).WriteLine($"Wrote {Path.Combine(directory, "report.md")} and {Path.Combine(directory, "cost-quality.svg")}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
