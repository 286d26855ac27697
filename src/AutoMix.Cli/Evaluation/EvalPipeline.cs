using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Data;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Evaluation.Replay;

namespace AutoMix.Cli.Evaluation;

/// <summary>
/// What `automix eval` does, without the printing: replays the evaluation rows through the real runtime over
/// recorded-run backends, replays the same table offline, and measures the baselines on the same rows.
/// </summary>
internal static class EvalPipeline
{
    public static async Task<EvalResult> RunAsync(EvalSettings settings, CliContext context, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var compilation = PolicyFiles.CompileOrThrow(settings.PolicyPath, context);
        var policy = compilation.Document!;
        var map = TierMapping.Parse(settings.Tiers, policy);
        var set = RunFiles.Load(settings.RunsPath, context);
        var split = settings.Split == "auto" ? (set.Queries.Any(q => IsSplit(q, "test")) ? "test" : "odd") : settings.Split;
        var evaluationRows = RunFiles.Select(set, split);

        var selectionSet = set;
        if (settings.SelectRunsPath is { } selectPath)
        {
            selectionSet = RunFiles.Load(selectPath, context);
        }

        var selectSplit = settings.SelectSplit == "auto"
            ? (selectionSet.Queries.Any(q => IsSplit(q, "train")) ? "train" : "even")
            : settings.SelectSplit;
        var selectionRows = RunFiles.Select(selectionSet, selectSplit);

        string[] models;
        try
        {
            models = TierModels.Resolve(policy, evaluationRows, map);
            TierModels.Resolve(policy, selectionRows, map);
        }
        catch (ArgumentException exception)
        {
            throw new CliException("error: " + CliException.Describe(exception));
        }

        // Rows need a run of every mapped model (as in the offline replay); the rest are counted, not used.
        var complete = evaluationRows.Where(q => models.All(q.Runs.ContainsKey)).ToList();
        if (complete.Count == 0)
        {
            throw new CliException($"error: no row of split '{split}' has a run of every mapped model ({string.Join(", ", models)}).");
        }

        var notes = new List<string>();
        notes.AddRange(SignalMismatches(policy, complete, models));
        if (settings.Costs == "measured")
        {
            var (repriced, note) = MeasuredCosts.Reprice(policy, complete, models);
            notes.Add(note + "; the policy was re-solved under these costs.");
            compilation = PolicyCompiler.Compile(repriced, settings.PolicyPath);
            PolicyFiles.Print(compilation, context);
            if (compilation.HasErrors || compilation.Default is null)
            {
                throw new CliException($"{settings.PolicyPath}: the policy does not compile under measured costs.", ExitCodes.PolicyErrors);
            }

            policy = compilation.Document!;
        }

        var definition = CascadeDefinition.FromCompilation(compilation);
        var last = policy.Tiers.Count - 1;
        var tierCount = policy.Tiers.Count;
        var total = complete.Count * settings.Seeds;
        var runtimeRuns = new List<ReplayOutcomes>(settings.Seeds);
        var replayed = new List<IReadOnlyList<ReplayedQuery>>(settings.Seeds);
        for (var run = 0; run < settings.Seeds; run++)
        {
            var offset = run * complete.Count;
            var runtimeProgress = progress is null ? null : new Progress<int>(done => progress.Report((offset + done, total)));
            IReadOnlyList<ReplayedQuery> queries;
            try
            {
                queries = await CascadeReplayEvaluator.RunAsync(
                    definition, complete, map, settings.Seed + run, settings.Concurrency, runtimeProgress, cancellationToken,
                    recordedSampleOrder: settings.RecordedSampleOrder).ConfigureAwait(false);
            }
            catch (RecordedRunReplayException exception)
            {
                throw new CliException("error: replay failed: " + exception.Message);
            }

            replayed.Add(queries);
            runtimeRuns.Add(new ReplayOutcomes(
                queries.Select((q, i) => new QueryOutcome(q.Id, q.LineNumber, QueryOutcome.OneHot(q.AnsweringTier, tierCount), q.Score, q.Cost, complete[i].Runs[models[0]].Score, complete[i].Runs[models[last]].Score)
                {
                    VerifierSamples = q.VerifierSamples,
                    VerifierRounds = q.VerifierRounds,
                }).ToList(),
                0, policy.Tiers[0].Cost, policy.Tiers[last].Cost));
        }

        // The intervals say how much of a ΔIBC is the sample of queries (and, for the runtime, of verifier samples) rather than the router.
        var runtimeInterval = Interval(() => DeltaIbcBootstrap.Interval(runtimeRuns));
        var suite = EvaluationSuite.Run(compilation, selectionRows, complete, map, cancellationToken);
        var offlineInterval = Interval(() => DeltaIbcBootstrap.Interval(suite.PomdpOutcomes));
        if (suite.ThresholdNote is { } thresholdNote)
        {
            notes.Add("no best-threshold baseline: " + thresholdNote);
        }

        if (policy.Router.Kind != RouterKind.Pomdp || policy.Model is null)
        {
            notes.Add("threshold router: no observation model, so no lambda-frontier.");
        }

        if (evaluationRows.Count > complete.Count)
        {
            notes.Add($"{evaluationRows.Count - complete.Count} row(s) of split '{split}' lack a run of a mapped model and were skipped.");
        }

        return new EvalResult(
            settings, compilation, set, split, selectionSet, selectSplit, models, complete, evaluationRows.Count - complete.Count,
            replayed, runtimeRuns, runtimeInterval, suite, offlineInterval, notes);
    }

    /// <summary>
    /// A tier whose verifier differs from the recorded signal still replays (its verdicts or samples are drawn from the
    /// recorded confidence), but the reader should know the runtime saw a simulated method.
    /// </summary>
    private static IEnumerable<string> SignalMismatches(PolicyDocument policy, IReadOnlyList<RecordedQuery> rows, IReadOnlyList<string> models)
    {
        for (var t = 0; t < policy.Tiers.Count; t++)
        {
            if (policy.Tiers[t].Verifier is not { } verifier)
            {
                continue;
            }

            var kinds = rows.Select(q => q.Runs[models[t]].Verifier.Kind).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var expected = verifier.Method == VerifierMethod.SelfConsistency ? "self-consistency" : null;
            var matches = expected is null ? kinds.All(k => k != "self-consistency") : kinds.All(k => k == expected);
            if (!matches)
            {
                yield return $"tier '{policy.Tiers[t].Name}' verifies with {EvalReportBuilder.MethodName(verifier.Method)}, but the recorded signal of {models[t]} is {string.Join("/", kinds)}: the runtime saw {EvalReportBuilder.MethodName(verifier.Method)} output simulated from the recorded confidence.";
            }
        }
    }

    private static (double Low, double High)? Interval(Func<(double Low, double High)> interval)
    {
        try
        {
            return interval();
        }
        catch (InvalidOperationException)
        {
            // ΔIBC is undefined on every resample (always-last never beats always-first): no interval to give.
            return null;
        }
    }

    private static bool IsSplit(RecordedQuery query, string split) => string.Equals(query.Split, split, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The measurements of one `automix eval` run, before they are turned into a report.</summary>
internal sealed record EvalResult(
    EvalSettings Settings,
    PolicyCompilation Compilation,
    RecordedRunSet Runs,
    string Split,
    RecordedRunSet SelectionRuns,
    string SelectSplit,
    IReadOnlyList<string> Models,
    IReadOnlyList<RecordedQuery> Rows,
    int RowsSkipped,
    IReadOnlyList<IReadOnlyList<ReplayedQuery>> Runtime,
    IReadOnlyList<ReplayOutcomes> RuntimeRuns,
    (double Low, double High)? RuntimeInterval,
    SuiteReport Suite,
    (double Low, double High)? OfflineInterval,
    IReadOnlyList<string> Notes)
{
    public EvaluationReport Offline => Suite.Pomdp;

    public IReadOnlyList<CostQuality> AlwaysTiers => Suite.AlwaysTiers;

    public ThresholdBaseline? Threshold => Suite.Threshold;

    public IReadOnlyList<MixingPoint> RandomMixing => Suite.RandomMixing;

    public IReadOnlyList<FrontierEvaluation> Frontier => Suite.Frontier;
}
