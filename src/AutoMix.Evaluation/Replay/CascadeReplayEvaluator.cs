using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using Microsoft.Extensions.AI;

namespace AutoMix.Evaluation.Replay;

/// <summary>One recorded query answered by the real runtime over replayed backends.</summary>
public sealed record ReplayedQuery(string Id, int LineNumber, int AnsweringTier, double Score, double Cost, long InputTokens, long OutputTokens, int Escalations)
{
    /// <summary>Verifier samples the runtime drew for this query (a logprob call counts as one).</summary>
    public int VerifierSamples { get; init; }

    /// <summary>Verifier rounds: one per verified visit, or per round an adaptive verifier drew.</summary>
    public int VerifierRounds { get; init; }
}

/// <summary>
/// Runs recorded queries through the real <see cref="AutoMixCascade"/> with <see cref="RecordedRunReplay"/>
/// backends: each query's prompt becomes one user message, tiers answer and verify from the recorded runs, and the
/// answering tier's recorded score is the query's score. Queries run concurrently (bounded); results come back in
/// query order and, thanks to the replay's per-(query, tier, sample) randomness, do not depend on the concurrency.
/// A replay error fails the evaluation (tiers are run with <see cref="TierFailureMode.Fail"/>, never escalated).
/// </summary>
public static class CascadeReplayEvaluator
{
    public static async Task<IReadOnlyList<ReplayedQuery>> RunAsync(
        CascadeDefinition definition,
        IReadOnlyList<RecordedQuery> queries,
        IReadOnlyDictionary<string, string> tierToModel,
        int seed,
        int concurrency,
        IProgress<int>? progress,
        CancellationToken cancellationToken,
        bool recordedSampleOrder = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var tierNames = definition.Tiers.Select(t => t.Name).ToArray();
        var methods = definition.Tiers.Where(t => t.Verifier is not null).ToDictionary(t => t.Name, t => t.Verifier!.Method, StringComparer.Ordinal);
        var replay = new RecordedRunReplay(queries, tierToModel, seed, methods) { RecordedSampleOrder = recordedSampleOrder };
        var models = tierNames.Select(replay.ModelOf).ToArray();
        var options = new AutoMixCascadeOptions { TierFailureMode = TierFailureMode.Fail, NameVerifierSamples = true };
        var results = new ReplayedQuery[queries.Count];
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, queries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var query = queries[index];
                using var cascade = new AutoMixCascade(definition, replay.CreateClients(query, tierNames), options);
                CascadeResult result;
                try
                {
                    result = await cascade.RunAsync(new[] { new ChatMessage(ChatRole.User, query.Prompt) }, null, token).ConfigureAwait(false);
                }
                catch (CascadeTierFailedException failure) when (failure.InnerException is RecordedRunReplayException replayFailure)
                {
                    throw new RecordedRunReplayException($"Query '{query.Id}' (line {query.LineNumber}): {replayFailure.Message}");
                }

                var trace = result.Trace;
                var model = models[trace.AnsweringTier];
                var score = query.Runs[model].Score;
                int samples = 0, rounds = 0;
                foreach (var step in trace.Steps)
                {
                    if (step.Confidence is not null)
                    {
                        samples += Math.Max(1, step.Samples.Count);
                        rounds += Math.Max(1, step.Rounds.Count);
                    }
                }

                results[index] = new ReplayedQuery(query.Id, query.LineNumber, trace.AnsweringTier, score, trace.TotalCost, trace.InputTokens, trace.OutputTokens, trace.Escalations)
                {
                    VerifierSamples = samples,
                    VerifierRounds = rounds,
                };
                progress?.Report(Interlocked.Increment(ref done));
            }).ConfigureAwait(false);
        return results;
    }
}
