using System;
using System.Collections.Generic;
using System.Linq;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using Microsoft.Extensions.AI;

namespace AutoMix.Evaluation.Replay;

/// <summary>
/// Backends that answer from recorded runs instead of calling models, so the real runtime
/// (<see cref="AutoMixCascade"/>) can be evaluated on recorded data. One <see cref="IChatClient"/> per tier:
/// <list type="bullet">
/// <item>a task answer is the recorded <c>answer</c> of the query's run for the tier's model; the query is found by
/// its prompt (the last user message, or the cascade's <see cref="AutoMixRequestProperties.Question"/>), ordinally;</item>
/// <item>verifier calls (<see cref="AutoMixRequestProperties.Purpose"/> = verification) are produced from the
/// recorded signal with a seeded random source keyed by (seed, query, tier, sample index): self-verification
/// verdicts are "correct" with probability = the recorded confidence, self-consistency samples are drawn from the
/// recorded samples, and the logprob verdict carries "correct" at probability = the recorded confidence.</item>
/// </list>
/// Files can hold the same prompt twice; such prompts are answered from the first query when every duplicate has
/// the same run for the model, and rejected as ambiguous otherwise. <see cref="CreateClients(RecordedQuery, IReadOnlyList{string})"/>
/// gives clients bound to one query, which never have that problem.
/// </summary>
public sealed class RecordedRunReplay
{
    private readonly Dictionary<string, List<RecordedQuery>> _byPrompt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tierToModel;
    private readonly IReadOnlyDictionary<string, VerifierMethod>? _methods;

    /// <param name="queries">The recorded queries to answer.</param>
    /// <param name="tierToModel">Which recorded model plays each tier.</param>
    /// <param name="seed">Seed of the verifier output.</param>
    /// <param name="verifierMethods">Each verified tier's method; without it the method is read from the request
    /// (logprobs asked → logprob, the task prompt again → self-consistency, anything else → self-verification).</param>
    public RecordedRunReplay(
        IEnumerable<RecordedQuery> queries,
        IReadOnlyDictionary<string, string> tierToModel,
        int seed,
        IReadOnlyDictionary<string, VerifierMethod>? verifierMethods = null)
    {
        _methods = verifierMethods;
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(tierToModel);
        foreach (var query in queries)
        {
            if (!_byPrompt.TryGetValue(query.Prompt, out var list))
            {
                _byPrompt.Add(query.Prompt, list = new List<RecordedQuery>(1));
            }

            list.Add(query);
        }

        _tierToModel = new Dictionary<string, string>(tierToModel, StringComparer.Ordinal);
        Seed = seed;
    }

    public int Seed { get; }

    /// <summary>
    /// Self-consistency samples in their recorded order (sample i is recorded sample i, wrapping around) instead of
    /// seeded draws from them: every seed then sees the same samples, so the replay is one fixed draw per query.
    /// Verdicts without recorded samples (self-verification) stay seeded draws from the recorded probability.
    /// </summary>
    public bool RecordedSampleOrder { get; init; }

    /// <summary>The recorded model that plays a tier.</summary>
    public string ModelOf(string tier) =>
        _tierToModel.TryGetValue(tier, out var model)
            ? model
            : throw new ArgumentException($"Tier '{tier}' is not mapped to a recorded model; mapped tiers: {string.Join(", ", _tierToModel.Keys)}.", nameof(tier));

    private VerifierMethod? MethodOf(string tier) => _methods is not null && _methods.TryGetValue(tier, out var method) ? method : null;

    /// <summary>One client per tier, in the given order, answering any recorded prompt.</summary>
    public IReadOnlyList<IChatClient> CreateClients(IReadOnlyList<string> tierNames)
    {
        ArgumentNullException.ThrowIfNull(tierNames);
        return tierNames.Select(t => (IChatClient)new ReplayChatClient(this, t, ModelOf(t), MethodOf(t), null)).ToArray();
    }

    /// <summary>One client per tier that answers only <paramref name="query"/> (its prompt is still checked).</summary>
    public IReadOnlyList<IChatClient> CreateClients(RecordedQuery query, IReadOnlyList<string> tierNames)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(tierNames);
        return tierNames.Select(t => (IChatClient)new ReplayChatClient(this, t, ModelOf(t), MethodOf(t), query)).ToArray();
    }

    /// <summary>The recorded query with this prompt; throws <see cref="RecordedRunReplayException"/> when there is none or it is ambiguous.</summary>
    internal RecordedQuery Find(string prompt, string model)
    {
        if (!_byPrompt.TryGetValue(prompt, out var queries))
        {
            throw new RecordedRunReplayException(
                $"No recorded query has the prompt \"{Shorten(prompt)}\" ({_byPrompt.Count} recorded prompts); a replay can only answer recorded prompts, matched exactly.");
        }

        var first = queries[0];
        for (var i = 1; i < queries.Count; i++)
        {
            if (!SameRun(first, queries[i], model))
            {
                throw new RecordedRunReplayException(
                    $"The prompt \"{Shorten(prompt)}\" is recorded {queries.Count} times ({string.Join(", ", queries.Select(q => q.Id))}) with different runs of '{model}'; replay each query with clients bound to it.");
            }
        }

        return first;
    }

    private static bool SameRun(RecordedQuery a, RecordedQuery b, string model)
    {
        a.Runs.TryGetValue(model, out var runA);
        b.Runs.TryGetValue(model, out var runB);
        if (runA is null || runB is null)
        {
            return runA is null && runB is null;
        }

        return runA.Answer == runB.Answer
            && runA.Score.Equals(runB.Score)
            && Nullable.Equals(runA.Verifier.PCorrect, runB.Verifier.PCorrect)
            && (runA.Verifier.Samples ?? Array.Empty<string>()).SequenceEqual(runB.Verifier.Samples ?? Array.Empty<string>());
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
