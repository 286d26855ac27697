using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Parsing;

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
        var smoothing = new Option<string>("--smoothing") { Description = "laplace (add-alpha histogram) or kde (Gaussian kernel density, as in the paper).", DefaultValueFactory = _ => "laplace" };
        smoothing.AcceptOnlyFromAmong("laplace", "kde");
        var bandwidth = new Option<double?>("--bandwidth") { Description = "KDE bandwidth in confidence units (default: Silverman's rule)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the diff and write nothing." };

        var command = new Command("calibrate", "Fit the observation model from recorded runs and rewrite the policy's model: section in place.")
        {
            policy, runs, tiers, split, smoothing, bandwidth, dryRun,
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
            var options = new CalibrationOptions
            {
                Smoothing = parse.GetRequiredValue(smoothing) == "kde" ? ObservationSmoothing.KernelDensity : ObservationSmoothing.Laplace,
                Bandwidth = parse.GetValue(bandwidth),
                DataName = DataName(runsPath) + (splitName == "all" ? string.Empty : " (" + splitName + ")"),
                DataHash = set.Sha256,
                Tool = "automix " + typeof(CalibrateCommand).Assembly.GetName().Version?.ToString(3),
                Notes = "tiers: " + string.Join(", ", document.Tiers.Select(t => t.Name + "=" + map[t.Name])),
            };

            CalibrationResult result;
            try
            {
                result = ObservationModelCalibrator.Calibrate(document, rows, map, options);
            }
            catch (ArgumentException exception)
            {
                // Unknown or unmapped model names: the message lists what the data holds.
                throw new CliException("error: " + CliException.Describe(exception));
            }

            var newText = PolicyYamlEditor.ReplaceModelSection(text, ObservationModelYamlWriter.Write(result.Model, document));

            // Compile what would be written: the file is only replaced by a policy that compiles cleanly.
            var compilation = PolicyCompiler.Compile(newText, policyPath);
            PolicyFiles.Print(compilation, context);
            if (compilation.HasErrors || compilation.Default is null)
            {
                throw new CliException($"{policyPath}: the calibrated policy does not compile; nothing was written.", ExitCodes.PolicyErrors);
            }

            var report = result.Report;
            context.Out.WriteLine($"Calibrated on {report.RowsUsed} rows of {runsPath} (split {splitName}); {report.RowsSkippedMissingModel} skipped (a mapped model had no run); {report.States.Count} states:");
            foreach (var state in report.States)
            {
                context.Out.WriteLine($"  {state.State}: {state.Rows} rows");
            }

            foreach (var signal in report.Signals)
            {
                context.Out.WriteLine($"  {signal.Model}: {signal.Rows} rows, {signal.NoUsableSignal} without a usable verifier signal, {signal.ZeroConfidence} with confidence 0");
            }

            var metrics = compilation.Default.Metrics;
            context.Out.WriteLine(FormattableString.Invariant(
                $"Default operating point under the new model: expected performance {metrics.ExpectedPerformance:0.####}, expected cost {metrics.ExpectedCost:0.####}, worst case {metrics.WorstCaseCost:0.####}."));

            if (parse.GetValue(dryRun))
            {
                context.Out.Write(TextDiff.Unified(text, newText, policyPath, policyPath + " (calibrated)"));
                context.Out.WriteLine("--dry-run: nothing was written.");
                return ExitCodes.Success;
            }

            // Write beside the file and move over it, so an interrupted write never leaves half a policy (and a
            // temporary file left by a killed run is cleaned up here).
            AtomicFile.WriteAllText(policyPath, newText, context);
            context.Out.WriteLine($"Wrote the model: section of {policyPath}.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The file with its folder ("rational-cascades/mmlu.train.jsonl"): enough to find it, no absolute path.</summary>
    private static string DataName(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetFileName(Path.GetDirectoryName(full));
        return string.IsNullOrEmpty(folder) ? Path.GetFileName(full) : folder + "/" + Path.GetFileName(full);
    }
}
