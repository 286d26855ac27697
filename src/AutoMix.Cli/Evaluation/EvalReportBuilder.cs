using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;

namespace AutoMix.Cli.Evaluation;

/// <summary>Turns the measurements into the report every output (console, JSON, Markdown, SVG) is written from.</summary>
internal static class EvalReportBuilder
{
    public static EvalReport Build(EvalResult result)
    {
        var policy = result.Compilation.Document!;
        var point = result.Compilation.Default!;
        var offline = result.Offline;
        var tierNames = policy.Tiers.Select(t => t.Name).ToList();

        // The runtime row: each seed's replay is one run of the real runtime. Quality and cost are their means, and
        // ΔIBC is taken of those means: a ratio averaged over seeds would be biased where the cost difference is
        // small. The spread over seeds is reported beside it.
        var perRun = result.RuntimeRuns.Select(OfflineEvaluator.Report).ToList();
        var runDeltas = perRun.Where(r => r.DeltaIbc.IsDefined).Select(r => r.DeltaIbc.Value).ToList();
        var runtimePoint = new CostQuality(perRun.Average(r => r.Performance), perRun.Average(r => r.Cost));
        var pooledDelta = DeltaIbc.Of(runtimePoint, offline.AlwaysFirst, offline.AlwaysLast);
        var runtimeDelta = Defined(pooledDelta.Value);
        var runtimeShares = tierNames.Select((name, t) => (name, share: perRun.Average(r => r.AnswerShare[t])))
            .ToDictionary(x => x.name, x => x.share, StringComparer.Ordinal);
        var runs = result.Runtime;
        var runtime = new RouterResult(
            runtimePoint.Performance, runtimePoint.Cost, runtimeDelta, pooledDelta.Note, Ci(result.RuntimeInterval), runtimeShares,
            (long)Math.Round(runs.Average(run => (double)run.Sum(q => q.InputTokens))), (long)Math.Round(runs.Average(run => (double)run.Sum(q => q.OutputTokens))),
            runs.Average(run => run.Average(q => (double)q.Escalations)))
        {
            Seeds = runDeltas.Count == 0 ? null : new SeedSpread(perRun.Count, result.Settings.Seed, runDeltas.Average(), StandardDeviation(runDeltas), runDeltas.Min(), runDeltas.Max()),
            VerifierSamplesPerQuery = perRun.Average(r => r.VerifierSamplesPerQuery),
            VerifierRoundsPerQuery = perRun.Average(r => r.VerifierRoundsPerQuery),
        };

        var offlineShares = tierNames.Select((name, t) => (name, share: offline.AnswerShare[t])).ToDictionary(x => x.name, x => x.share, StringComparer.Ordinal);
        var offlineResult = new RouterResult(offline.Performance, offline.Cost, Defined(offline.DeltaIbc.Value), offline.DeltaIbc.Note, Ci(result.OfflineInterval), offlineShares, null, null, null)
        {
            VerifierSamplesPerQuery = offline.VerifierSamplesPerQuery,
            VerifierRoundsPerQuery = offline.VerifierRoundsPerQuery,
        };
        var fixedK = result.Suite.FixedK is { } f
            ? new FixedKResult(f.Performance, f.Cost, Defined(f.DeltaIbc.Value), f.VerifierSamplesPerQuery, f.VerifierRoundsPerQuery)
            : null;

        var always = result.AlwaysTiers.Select((cq, t) => new AlwaysTierResult(tierNames[t], result.Models[t], cq.Performance, cq.Cost)
        {
            DeltaIbc = t == 0 ? null : Defined(DeltaIbc.Of(cq, offline.AlwaysFirst, offline.AlwaysLast).Value),
        }).ToList();
        var subCascades = result.Suite.SubCascades.Select(c => new SubCascadeResult(
            tierNames[c.From], tierNames[c.To], c.Threshold.Threshold, c.Threshold.Evaluation.Performance, c.Threshold.Evaluation.Cost,
            Defined(c.Threshold.Evaluation.DeltaIbc.Value))).ToList();
        ThresholdResult? threshold = result.Threshold is { } th
            ? new ThresholdResult(th.Threshold, SelectionName(result), th.Evaluation.Performance, th.Evaluation.Cost, Defined(th.Evaluation.DeltaIbc.Value), Defined(th.Selection.DeltaIbc.Value))
            : null;
        var mixing = result.RandomMixing.Select(m => new MixingResult(m.P, m.Point.Performance, m.Point.Cost)).ToList();
        var frontier = result.Frontier.Select(f => new FrontierResult(
            f.Point.LambdaLow, Defined(f.Point.LambdaHigh), f.Point.Metrics.ExpectedPerformance, f.Point.Metrics.ExpectedCost,
            f.Report.Performance, f.Report.Cost, Defined(f.Report.DeltaIbc.Value))).ToList();

        var provenance = policy.Model?.Provenance is { } p ? new ProvenanceInfo(p.Data, p.Rows, p.Hash, p.Date, p.Tool, p.Notes) : null;
        var objective = policy.Router.Kind == RouterKind.Pomdp ? Objective(policy.Router.Objective) : null;
        var policyInfo = new PolicyInfo(
            result.Settings.PolicyPath, policy.PolicyName, policy.Router.Kind == RouterKind.Pomdp ? "pomdp" : "threshold", objective,
            point.Name, Defined(point.Lambda), provenance);
        var data = new DataInfo(
            result.Settings.RunsPath, result.Runs.Sha256, result.Split, SelectionName(result), result.Rows.Count, result.RowsSkipped, result.Runs.Errors.Count);
        var tiers = policy.Tiers.Select((t, i) => new TierInfo(t.Name, result.Models[i], t.Cost, t.Verifier?.Cost ?? 0, t.Verifier is null ? null : MethodName(t.Verifier.Method), t.Verifier?.Samples)).ToList();

        // The policy's warnings change how its results read (AMX0102: a tier is never called), so the report keeps
        // them; the command printed them to stderr when it compiled the policy.
        var notes = result.Compilation.Diagnostics.Where(d => d.Severity == PolicyDiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        notes.AddRange(result.Notes);
        if (policy.Tiers.Any(t => t.Verifier is { Method: not VerifierMethod.Logprob }))
        {
            notes.Add($"sampled verifiers: each runtime replay draws k verdicts or answers from the recorded confidence; the runtime row is the mean of {perRun.Count} seeded replays, the offline row their exact expectation, and every baseline is replayed through the same k-sample observation.");
        }

        if (result.Settings.RecordedSampleOrder && policy.Tiers.Any(t => t.Verifier is { Method: VerifierMethod.SelfConsistency }))
        {
            notes.Add("--sample-order recorded: the runtime replay read each query's recorded self-consistency samples in their recorded order, so every seed saw the same samples (one fixed draw per query); the offline row is still the expectation over drawn samples.");
        }

        if (fixedK is not null)
        {
            notes.Add(FormattableString.Invariant(
                $"adaptive verification, verifier samples / rounds per query: runtime {runtime.VerifierSamplesPerQuery:0.##} / {runtime.VerifierRoundsPerQuery:0.##}, expected {offline.VerifierSamplesPerQuery:0.##} / {offline.VerifierRoundsPerQuery:0.##}; the same policy drawing all k at once: {fixedK.VerifierSamplesPerQuery:0.##} / {fixedK.VerifierRoundsPerQuery:0.##}."));
        }

        return new EvalReport(policyInfo, data, result.Settings.Costs, result.Settings.Seed, tiers, runtime, offlineResult,
            new Baselines(always, threshold, mixing, frontier) { SubCascades = subCascades, FixedK = fixedK }, notes);
    }

    public static string MethodName(VerifierMethod method) => method switch
    {
        VerifierMethod.SelfVerification => "self-verification",
        VerifierMethod.SelfConsistency => "self-consistency",
        _ => "logprob",
    };

    private static string SelectionName(EvalResult result) =>
        result.Settings.SelectRunsPath is { } path ? Path.GetFileName(path) + " (" + result.SelectSplit + ")" : result.SelectSplit;

    private static string Objective(ObjectiveSpec objective) => objective.Kind switch
    {
        ObjectiveKind.MaxIbc => "max-ibc",
        ObjectiveKind.Lambda => FormattableString.Invariant($"lambda {objective.Value}"),
        _ => FormattableString.Invariant($"max-expected-cost {objective.Value}"),
    };

    private static ConfidenceInterval? Ci((double Low, double High)? interval) =>
        interval is { } i && double.IsFinite(i.Low) && double.IsFinite(i.High) ? new ConfidenceInterval(i.Low, i.High) : null;

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>NaN and infinities have no JSON number: they become null (the note says why).</summary>
    private static double? Defined(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
