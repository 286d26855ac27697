using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AutoMix;
using Microsoft.Extensions.AI;

namespace AutoMix.LoadTest;

/// <summary>
/// A zero-latency simulated tier. Questions carry their number as "#n#" (read from the question the cascade attaches
/// to every call); the verifier calls an answer correct for n mod 10 &lt; 7, so 70% of queries stay on the small tier
/// and 30% escalate, deterministically.
/// </summary>
internal sealed class InstantTier : IChatClient
{
    private static readonly UsageDetails CallUsage = new() { InputTokenCount = 20, OutputTokenCount = 4, TotalTokenCount = 24 };
    private readonly string _answer;
    private long _answerCalls;

    public InstantTier(string answer)
    {
        _answer = answer;
    }

    /// <summary>Answer calls (not verification calls) this tier has served.</summary>
    public long AnswerCalls => Interlocked.Read(ref _answerCalls);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply(options)))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = CallUsage,
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

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private string Reply(ChatOptions? options)
    {
        var props = options?.AdditionalProperties;
        var isVerification = props is not null
            && props.TryGetValue(AutoMixRequestProperties.Purpose, out var purpose)
            && Equals(purpose, AutoMixRequestProperties.VerificationPurpose);
        if (!isVerification)
        {
            Interlocked.Increment(ref _answerCalls);
            return _answer;
        }

        var number = -1;
        if (props!.TryGetValue(AutoMixRequestProperties.Question, out var question) && question is string text)
        {
            var start = text.IndexOf('#', StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('#', start + 1);
            if (end > start + 1 && int.TryParse(text.AsSpan(start + 1, end - start - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                number = parsed;
            }
        }

        return number >= 0 && number % 10 < 7 ? "Reasoning: fine.\nVerdict: correct" : "Reasoning: wrong.\nVerdict: incorrect";
    }
}
