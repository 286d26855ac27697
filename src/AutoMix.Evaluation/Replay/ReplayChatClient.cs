using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Verification;
using Microsoft.Extensions.AI;

namespace AutoMix.Evaluation.Replay;

/// <summary>One tier's backend in a <see cref="RecordedRunReplay"/>: answers and verifier output from the recorded runs.</summary>
internal sealed class ReplayChatClient : IChatClient
{
    public const string ProviderName = "automix-replay";
    private const string ChoiceCountKey = "n";
    private const string LogprobsKey = "logprobs";
    private const string CorrectVerdict = "Reasoning: replayed from the recorded verifier signal.\nVerdict: correct";
    private const string IncorrectVerdict = "Reasoning: replayed from the recorded verifier signal.\nVerdict: incorrect";

    private readonly RecordedRunReplay _replay;
    private readonly string _tier;
    private readonly string _model;
    private readonly VerifierMethod? _method;
    private readonly RecordedQuery? _boundQuery;
    private readonly ChatClientMetadata _metadata;

    public ReplayChatClient(RecordedRunReplay replay, string tier, string model, VerifierMethod? method, RecordedQuery? boundQuery)
    {
        _replay = replay;
        _tier = tier;
        _model = model;
        _method = method;
        _boundQuery = boundQuery;
        _metadata = new ChatClientMetadata(ProviderName, null, model);
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var lastUser = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text
            ?? throw new ArgumentException("A replayed request needs a user message.", nameof(messages));
        var question = options.GetQuestion() ?? lastUser;
        if (options.GetTier() is { } tier && !string.Equals(tier, _tier, StringComparison.Ordinal))
        {
            throw new RecordedRunReplayException($"The replay client of tier '{_tier}' received a call for tier '{tier}'; give each tier its own client.");
        }

        var query = _boundQuery ?? _replay.Find(question, _model);
        if (_boundQuery is not null && !string.Equals(_boundQuery.Prompt, question, StringComparison.Ordinal))
        {
            throw new RecordedRunReplayException(
                $"The replay client bound to query '{_boundQuery.Id}' received the prompt \"{RecordedRunReplay.Shorten(question)}\", which is not that query's prompt.");
        }

        if (!query.Runs.TryGetValue(_model, out var run))
        {
            throw new RecordedRunReplayException(
                $"Query '{query.Id}' (line {query.LineNumber.ToString(CultureInfo.InvariantCulture)}) has no run of model '{_model}' (tier '{_tier}'); it has: {string.Join(", ", query.Runs.Keys)}.");
        }

        var response = string.Equals(options.GetPurpose(), AutoMixRequestProperties.VerificationPurpose, StringComparison.Ordinal)
            ? Verify(query, run, options!, lastUser, question)
            : Answer(run);
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    private ChatResponse Answer(RecordedRun run)
    {
        UsageDetails? usage = null;
        if (run.TokensIn is not null || run.TokensOut is not null)
        {
            usage = new UsageDetails
            {
                InputTokenCount = run.TokensIn,
                OutputTokenCount = run.TokensOut,
                TotalTokenCount = (run.TokensIn ?? 0) + (run.TokensOut ?? 0),
            };
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, run.Answer)) { ModelId = _model, Usage = usage, FinishReason = ChatFinishReason.Stop };
    }

    private ChatResponse Verify(RecordedQuery query, RecordedRun run, ChatOptions options, string lastUser, string question)
    {
        var first = options.GetSampleIndex() ?? 0;
        var count = ChoiceCount(options);
        var method = _method ?? Detect(options, lastUser, question);
        var confidence = RecordedConfidence.Of(run);
        if (method == VerifierMethod.Logprob)
        {
            return Logprob(query, confidence, first);
        }

        var messages = new List<ChatMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var index = first + i;
            var u = ReplayRandom.Uniform(_replay.Seed, query.Id, _tier, index, method == VerifierMethod.SelfConsistency ? "sample" : "verdict");
            var text = method == VerifierMethod.SelfConsistency
                ? Sample(run, confidence, u, _replay.RecordedSampleOrder ? index : null)
                : u < confidence ? CorrectVerdict : IncorrectVerdict;
            messages.Add(new ChatMessage(ChatRole.Assistant, text));
        }

        return new ChatResponse(messages) { ModelId = _model, FinishReason = ChatFinishReason.Stop };
    }

    /// <summary>
    /// A self-consistency sample: one of the recorded samples (the <paramref name="recordedIndex"/>-th, wrapping around,
    /// when replaying in recorded order; else a seeded draw), or without recorded samples the answer itself with
    /// probability = confidence.
    /// </summary>
    private static string Sample(RecordedRun run, double confidence, double u, int? recordedIndex)
    {
        if (run.Verifier.Samples is { Count: > 0 } samples)
        {
            return recordedIndex is { } index
                ? samples[index % samples.Count]
                : samples[Math.Min(samples.Count - 1, (int)(u * samples.Count))];
        }

        // No recorded samples: a sample that disagrees must differ from the answer after any normalisation.
        return u < confidence ? run.Answer : "(replayed disagreeing sample)";
    }

    private ChatResponse Logprob(RecordedQuery query, double confidence, int index)
    {
        var u = ReplayRandom.Uniform(_replay.Seed, query.Id, _tier, index, "logprob");
        var alternatives = new List<TokenLogprob>(2);
        if (confidence > 0)
        {
            alternatives.Add(new TokenLogprob("correct", Math.Log(confidence), Array.Empty<TokenLogprob>()));
        }

        if (confidence < 1)
        {
            alternatives.Add(new TokenLogprob("incorrect", Math.Log(1 - confidence), Array.Empty<TokenLogprob>()));
        }

        alternatives.Sort((a, b) => b.Logprob.CompareTo(a.Logprob));
        var chosen = u < confidence ? "correct" : "incorrect";
        var logprob = chosen == "correct" ? Math.Log(confidence) : Math.Log(1 - confidence);
        IReadOnlyList<TokenLogprob> tokens = new[] { new TokenLogprob(chosen, logprob, alternatives) };
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, chosen))
        {
            ModelId = _model,
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new AdditionalPropertiesDictionary { [LogprobsKey] = tokens },
        };
    }

    /// <summary>Without a configured method: logprobs requested → logprob; the task prompt again → self-consistency; else self-verification.</summary>
    private static VerifierMethod Detect(ChatOptions options, string lastUser, string question)
    {
        if (options.AdditionalProperties?.TryGetValue(LogprobsKey, out var flag) == true && flag is true)
        {
            return VerifierMethod.Logprob;
        }

        return string.Equals(lastUser, question, StringComparison.Ordinal) ? VerifierMethod.SelfConsistency : VerifierMethod.SelfVerification;
    }

    private static int ChoiceCount(ChatOptions options)
    {
        if (options.AdditionalProperties?.TryGetValue(ChoiceCountKey, out var value) != true || value is null)
        {
            return 1;
        }

        var n = value switch
        {
            int i => i,
            long l => (int)l,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetInt32(),
            _ => throw new ArgumentException($"AdditionalProperties[\"n\"] must be an integer, not {value.GetType().Name}."),
        };
        return n >= 1 ? n : throw new ArgumentException($"AdditionalProperties[\"n\"] must be at least 1, got {n.ToString(CultureInfo.InvariantCulture)}.");
    }
}
