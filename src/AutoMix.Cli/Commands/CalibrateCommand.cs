using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoMix.Cli.Calibration;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Selection;
using System.Collections.Generic;

namespace AutoMix.Cli.Commands;

/// <summary>
/// <c>automix calibrate &lt;policy.yaml&gt; --runs &lt;file.jsonl&gt; --tiers small=…,large=…</c>: fits the POMDP
/// observation model from recorded runs and rewrites the policy's <c>model:</c> section in place, keeping every
/// other line and comment. Refuses to write when anything is wrong; <c>--dry-run</c> prints the diff instead.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(CliContext context)
    {
        var policy = new Argument<string>("policy") { Description = "The policy file to calibrate (its model: section is replaced)." };
        var runs = new Option<string>("--runs") { Description = "Recorded runs (JSONL, format of shared/data/README.md).", Required = true };
        var tiers = new Option<string?>("--tiers") { Description = "Which recorded model plays each tier: small=llama3.1-8b,large=llama3.1-70b (default: each tier's model)." };
        var split = new Option<string>("--split") { Description = "Rows to calibrate on: all, train, test (by the split field), even or odd (by line).", DefaultValueFactory = _ => "all" };
        split.AcceptOnlyFromAmong(RunFiles.Splits);
        var smoothing = new Option<string>("--smoothing") { Description = "auto (chosen by cross-validation among add-alpha and kernel-density settings), laplace (add-alpha histogram, --alpha), kde (Gaussian kernel density, --bandwidth) or logistic (P(state | confidence) linear in the log-odds: Platt scaling).", DefaultValueFactory = _ => "auto" };
        smoothing.AcceptOnlyFromAmong("auto", "laplace", "kde", "logistic");
        var alpha = new Option<double?>("--alpha") { Description = "With --smoothing laplace: the pseudo-count added to every bin (default 1)." };
        var bandwidth = new Option<double?>("--bandwidth") { Description = "With --smoothing kde: the bandwidth in confidence units (default: Silverman's rule)." };
        var operatingPoint = new Option<string>("--operating-point") { Description = "cv: choose the max-ibc operating point by cross-validation on these rows and record it in model.selection (default); model: no selection, the build maximises IBC under the calibrated model.", DefaultValueFactory = _ => "cv" };
        operatingPoint.AcceptOnlyFromAmong("cv", "model");
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => SelectionOptions.Default.Folds };
        var repeats = new Option<int>("--repeats") { Description = "Cross-validation repeats (each reshuffles the folds).", DefaultValueFactory = _ => SelectionOptions.Default.Repeats };
        var json = new Option<bool>("--json") { Description = "Print what was chosen and the cross-validation scores as JSON (the policy is still written unless --dry-run)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the diff and write nothing." };

        var command = new Command("calibrate", "Fit the observation model from recorded runs and rewrite the policy's model: section in place.")
        {
            policy, runs, tiers, split, smoothing, alpha, bandwidth, operatingPoint, folds, repeats, json, dryRun,
        };
        command.SetAction(parse =>
        {
            var policyPath = parse.GetRequiredValue(policy);
            var runsPath = parse.GetRequiredValue(runs);
            var text = PolicyFiles.ReadText(policyPath);

            // The model is what gets replaced, so a stale one must not block calibration.
            var parsed = PolicyParser.ParseWithoutModel(text, policyPath);
            foreach (var diagnostic in parsed.Diagnostics)
            {
                (diagnostic.IsError ? context.Error : context.Out).WriteLine(diagnostic.ToString());
            }

            if (parsed.Document is null)
            {
                throw new CliException($"{policyPath}: has errors outside its model: section; nothing was written.", ExitCodes.PolicyErrors);
            }

            var document = parsed.Document;
            var map = TierMapping.Parse(parse.GetValue(tiers), document);
            var set = RunFiles.Load(runsPath, context);
            var splitName = parse.GetRequiredValue(split);
            var rows = RunFiles.Select(set, splitName);
            var smoothingName = parse.GetRequiredValue(smoothing);
            if (parse.GetValue(alpha) is not null && smoothingName != "laplace")
            {
                throw new CliException("error: --alpha goes with --smoothing laplace.");
            }

            if (parse.GetValue(bandwidth) is not null && smoothingName != "kde")
            {
                throw new CliException("error: --bandwidth goes with --smoothing kde.");
            }

            IReadOnlyList<CalibrationOptions> settings = smoothingName switch
            {
                "laplace" => new[] { new CalibrationOptions { Smoothing = ObservationSmoothing.Laplace, Alpha = parse.GetValue(alpha) ?? 1 } },
                "kde" => new[] { new CalibrationOptions { Smoothing = ObservationSmoothing.KernelDensity, Bandwidth = parse.GetValue(bandwidth) } },
                "logistic" => new[] { new CalibrationOptions { Smoothing = ObservationSmoothing.Logistic } },
                _ => SelectionOptions.DefaultCalibrations,
            };

            var selectionOptions = new SelectionOptions { Folds = parse.GetValue(folds), Repeats = parse.GetValue(repeats), Calibrations = settings };
            var select = parse.GetRequiredValue(operatingPoint) == "cv" && document.Router.Kind == RouterKind.Pomdp;
            SelectionReport? selection = null;
            CalibrationResult result;
            PolicyDocument binned;
            try
            {
                if (select || settings.Count > 1)
                {
                    selection = CrossValidatedSelection.Select(document, rows, map, selectionOptions);
                }

                var chosen = selection?.Chosen.Calibration ?? settings[0];
                var options = chosen with
                {
                    DataName = DataName(runsPath) + (splitName == "all" ? string.Empty : " (" + splitName + ")"),
                    DataHash = set.Sha256,
                    Tool = "automix " + typeof(CalibrateCommand).Assembly.GetName().Version?.ToString(3),
                    Notes = "tiers: " + string.Join(", ", document.Tiers.Select(t => t.Name + "=" + map[t.Name]))
                        + "; smoothing " + CrossValidatedSelection.Describe(chosen) + (settings.Count > 1 ? " (chosen by cross-validation)" : string.Empty),
                };
                // The chosen bins (for verifiers that leave them to calibration) are part of the model: model.binning.
                var edges = EquatableArray<TierBinning>.Empty;
                binned = selection?.Chosen.Binning.Apply(document, rows, map, out edges) ?? document;
                result = ObservationModelCalibrator.Calibrate(binned, rows, map, options);
                result = result with { Model = result.Model with { Binning = edges } };
                if (select && selection is not null)
                {
                    result = result with { Model = result.Model with { Selection = CrossValidatedSelection.ToRouterSelection(selection, binned with { Model = result.Model }) } };
                }
            }
            catch (ArgumentException exception)
            {
                // Unknown or unmapped model names: the message lists what the data holds.
                throw new CliException("error: " + CliException.Describe(exception));
            }
            catch (InvalidOperationException exception)
            {
                throw new CliException("error: " + exception.Message);
            }

            var newText = PolicyYamlEditor.ReplaceModelSection(text, ObservationModelYamlWriter.Write(result.Model, binned));

            // Compile what would be written: the file is only replaced by a policy that compiles cleanly.
            var compilation = PolicyCompiler.Compile(newText, policyPath);
            PolicyFiles.Print(compilation, context);
            if (compilation.HasErrors || compilation.Default is null)
            {
                throw new CliException($"{policyPath}: the calibrated policy does not compile; nothing was written.", ExitCodes.PolicyErrors);
            }

            var report = result.Report;
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(CalibrationOutput.Json(selection, result.Model.Selection, compilation.Default));
            }
            else
            {
                PrintCalibration(context, report, runsPath, splitName, selection, result.Model.Selection, compilation.Default);
            }

            // The same model from the same data differs only in its provenance date: leave the file (and git) alone.
            if (Unchanged(text, policyPath, result.Model, binned))
            {
                if (!parse.GetValue(json))
                {
                    context.Out.WriteLine($"Unchanged: the model calibrated now equals the one in {policyPath}; nothing was written.");
                }

                return ExitCodes.Success;
            }

            if (parse.GetValue(dryRun))
            {
                context.Out.Write(TextDiff.Unified(text, newText, policyPath, policyPath + " (calibrated)"));
                context.Out.WriteLine("--dry-run: nothing was written.");
                return ExitCodes.Success;
            }

            // Write beside the file and move over it, so an interrupted write never leaves half a policy (and a
            // temporary file left by a killed run is cleaned up here).
            AtomicFile.WriteAllText(policyPath, newText, context);
            if (!parse.GetValue(json))
            {
                context.Out.WriteLine($"Wrote the model: section of {policyPath}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Whether writing the model would change nothing but the provenance date.</summary>
    private static bool Unchanged(string text, string policyPath, ObservationModel model, PolicyDocument binned)
    {
        var previousDate = PolicyParser.Parse(text, policyPath).Document?.Model?.Provenance?.Date;
        if (previousDate is null || model.Provenance is not { } provenance)
        {
            return false;
        }

        var sameDate = ObservationModelYamlWriter.Write(model with { Provenance = provenance with { Date = previousDate } }, binned);
        return string.Equals(PolicyYamlEditor.ReplaceModelSection(text, sameDate), text, StringComparison.Ordinal);
    }

    private static void PrintCalibration(CliContext context, CalibrationReport report, string runsPath, string splitName, SelectionReport? selection, RouterSelection? written, OperatingPoint point)
    {
        context.Out.WriteLine($"Calibrated on {report.RowsUsed} rows of {runsPath} (split {splitName}); {report.RowsSkippedMissingModel} skipped (a mapped model had no run); {report.States.Count} states:");
        foreach (var state in report.States)
        {
            context.Out.WriteLine($"  {state.State}: {state.Rows} rows");
        }

        foreach (var signal in report.Signals)
        {
            context.Out.WriteLine($"  {signal.Model}: {signal.Rows} rows, {signal.NoUsableSignal} without a usable verifier signal, {signal.ZeroConfidence} with confidence 0");
        }

        if (selection is not null)
        {
            context.Out.WriteLine(CalibrationOutput.Summary(selection, written));
        }

        var metrics = point.Metrics;
        context.Out.WriteLine(FormattableString.Invariant(
            $"Default operating point ({(point.Lambda is { } l ? "lambda " + l.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture) : "threshold table")}) under the new model: expected performance {metrics.ExpectedPerformance:0.####}, expected cost {metrics.ExpectedCost:0.####}, worst case {metrics.WorstCaseCost:0.####}."));
    }

    /// <summary>The file with its folder ("rational-cascades/mmlu.train.jsonl"): enough to find it, no absolute path.</summary>
    private static string DataName(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetFileName(Path.GetDirectoryName(full));
        return string.IsNullOrEmpty(folder) ? Path.GetFileName(full) : folder + "/" + Path.GetFileName(full);
    }
}
