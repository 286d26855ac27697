using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Verification;
using Microsoft.Extensions.AI;

namespace AutoMix.Evaluation.Simulation;

/// <summary>
/// A zero-latency backend for one tier of a <see cref="SimulatedWorld"/>. Answer calls return the tier's
/// (correct or wrong) answer; verification calls return verdicts, samples or log-probabilities chosen so that
/// the runtime's own confidence computation lands in the bin the world drew for this query and tier.
/// </summary>
internal sealed class SimulatedTierClient(SimulatedWorld world, int tier) : IChatClient
{
    private const string PurposeKey = AutoMixRequestProperties.Purpose;
    private const string ChoiceCountKey = "n";

    // Hands out the k verifier samples of one (query) in order: the first c say "correct".
    private readonly ConcurrentDictionary<int, int> _samplesHandedOut = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        var query = world.Find(prompt);
        var spec = world.Policy.Tiers[tier];
        var isVerification = options?.AdditionalProperties?.TryGetValue(PurposeKey, out var purpose) == true
            && string.Equals(purpose as string, AutoMixRequestProperties.VerificationPurpose, StringComparison.Ordinal);
        if (!isVerification)
        {
            return Task.FromResult(Reply(query.AnswerOf(tier)));
        }

        var verifier = spec.Verifier ?? throw new InvalidOperationException($"Tier '{spec.Name}' has no verifier but was asked to verify.");
        var bin = query.Bins[tier];
        if (verifier.Method == Policies.Model.VerifierMethod.Logprob)
        {
            var probability = Math.Clamp(verifier.Binning.Midpoint(bin), 1e-6, 1 - 1e-6);
            var token = new TokenLogprob("correct", Math.Log(probability), new[]
            {
                new TokenLogprob("correct", Math.Log(probability), Array.Empty<TokenLogprob>()),
                new TokenLogprob("incorrect", Math.Log(1 - probability), Array.Empty<TokenLogprob>()),
            });
            var response = Reply("correct");
            response.AdditionalProperties = new AdditionalPropertiesDictionary { ["logprobs"] = (IReadOnlyList<TokenLogprob>)new[] { token } };
            return Task.FromResult(response);
        }

        var correctSamples = CorrectSamplesFor(verifier.Binning, verifier.Samples, bin);
        var choices = options?.AdditionalProperties?.TryGetValue(ChoiceCountKey, out var n) == true && n is int count ? count : 1;
        var texts = new List<string>(choices);
        for (var i = 0; i < choices; i++)
        {
            var index = _samplesHandedOut.AddOrUpdate(query.Id, 1, (_, handed) => handed + 1) - 1;
            var agrees = (index % verifier.Samples) < correctSamples;
            texts.Add(verifier.Method == Policies.Model.VerifierMethod.SelfConsistency
                ? (agrees ? query.AnswerOf(tier) : $"another answer {index}")
                : (agrees ? "The answer matches the context.\nVerdict: correct" : "The answer does not follow from the context.\nVerdict: incorrect"));
        }

        return Task.FromResult(new ChatResponse(texts.Select(t => new ChatMessage(ChatRole.Assistant, t)).ToList())
        {
            ModelId = spec.Model,
            Usage = new UsageDetails { InputTokenCount = 40 * choices, OutputTokenCount = 8 * choices, TotalTokenCount = 48 * choices },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>How many of k samples must agree for the runtime's confidence (agreeing / k) to fall in the bin.</summary>
    internal static int CorrectSamplesFor(Policies.Model.ObservationBinning binning, int samples, int bin)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var j = 0; j <= samples; j++)
        {
            var confidence = (double)j / samples;
            var distance = binning.BinOf(confidence) == bin ? 0 : Math.Abs(confidence - binning.Midpoint(bin));
            if (distance < bestDistance)
            {
                best = j;
                bestDistance = distance;
            }
        }

        return best;
    }

    private ChatResponse Reply(string text) => new(new ChatMessage(ChatRole.Assistant, text))
    {
        ModelId = world.Policy.Tiers[tier].Model,
        Usage = new UsageDetails { InputTokenCount = 40, OutputTokenCount = 8, TotalTokenCount = 48 },
    };
}
