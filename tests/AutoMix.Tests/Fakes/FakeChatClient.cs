using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AutoMix.Verification;
using Microsoft.Extensions.AI;

namespace AutoMix.Tests.Fakes;

/// <summary>
/// A deterministic scripted backend. Task prompts get <see cref="Answer"/> (then <see cref="SampleAnswers"/> for
/// later task calls, i.e. self-consistency samples); verification prompts get <see cref="Verdicts"/> in call order.
/// Records every request, counts calls in flight and calls that ended by cancellation.
/// </summary>
public sealed class FakeChatClient : IChatClient
{
    private int _answerCalls;
    private int _verifyCalls;
    private int _active;
    private int _maxActive;

    public FakeChatClient(string model, string answer = "answer")
    {
        Model = model;
        Answer = answer;
    }

    public string Model { get; }

    public string Answer { get; set; }

    public string[] SampleAnswers { get; set; } = Array.Empty<string>();

    public string[] Verdicts { get; set; } = { "Reasoning: fine.\nVerdict: correct" };

    public int InputTokens { get; set; } = 10;

    public int OutputTokens { get; set; } = 2;

    /// <summary>Delay of task-prompt calls (Timeout.InfiniteTimeSpan waits until cancelled).</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Delay of verification calls.</summary>
    public TimeSpan VerifyDelay { get; set; }

    public Exception? AnswerFailure { get; set; }

    /// <summary>Thrown by the verification call with this index (0-based), if set.</summary>
    public int? FailingVerifyCall { get; set; }

    /// <summary>Delay before the failing verification call throws.</summary>
    public TimeSpan FailureDelay { get; set; }

    public IReadOnlyList<TokenLogprob>? Logprobs { get; set; }

    /// <summary>Honour AdditionalProperties["n"] by returning n messages.</summary>
    public bool SupportsChoiceCount { get; set; }

    /// <summary>Streaming: the answer's chunks; after chunk 0 the stream waits for <see cref="StreamGate"/> if set.</summary>
    public string[]? StreamChunks { get; set; }

    public SemaphoreSlim? StreamGate { get; set; }

    /// <summary>Streaming: throw after this many chunks.</summary>
    public int? StreamFailAfter { get; set; }

    public string? ProviderName { get; set; } = "fake";

    public ConcurrentQueue<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = new();

    public int AnswerCalls => _answerCalls;

    public int VerifyCalls => _verifyCalls;

    public int Active => Volatile.Read(ref _active);

    public int MaxActive => Volatile.Read(ref _maxActive);

    public int CancelledCalls;

    public int TotalCalls => Requests.Count;

    public static bool IsVerification(IEnumerable<ChatMessage> messages) =>
        messages.Any(m => m.Text.Contains("### Case to check", StringComparison.Ordinal) || m.Text.Contains("Reply with exactly one word", StringComparison.Ordinal));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Enqueue((list, options));
        var active = Interlocked.Increment(ref _active);
        InterlockedMax(ref _maxActive, active);
        try
        {
            if (IsVerification(list))
            {
                var index = Interlocked.Increment(ref _verifyCalls) - 1;
                if (FailingVerifyCall == index)
                {
                    await Wait(FailureDelay, cancellationToken);
                    throw new InvalidOperationException($"{Model} verifier call {index} failed");
                }

                await Wait(VerifyDelay, cancellationToken);

                var n = options?.AdditionalProperties?.TryGetValue("n", out var value) == true && SupportsChoiceCount ? (int)value! : 1;
                var replies = new List<ChatMessage>();
                for (var i = 0; i < n; i++)
                {
                    replies.Add(new ChatMessage(ChatRole.Assistant, Verdicts[(index + i) % Verdicts.Length]));
                }

                var response = Respond(replies);
                if (Logprobs is not null)
                {
                    response.AdditionalProperties = new AdditionalPropertiesDictionary { ["logprobs"] = Logprobs };
                }

                return response;
            }

            var call = Interlocked.Increment(ref _answerCalls) - 1;
            await Wait(AnswerDelay, cancellationToken);
            if (AnswerFailure is not null)
            {
                throw AnswerFailure;
            }

            var text = call == 0 || SampleAnswers.Length == 0 ? Answer : SampleAnswers[(call - 1) % SampleAnswers.Length];
            return Respond(new List<ChatMessage> { new(ChatRole.Assistant, text) });
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref CancelledCalls);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Enqueue((messages.ToList(), options));
        Interlocked.Increment(ref _answerCalls);
        await Wait(AnswerDelay, cancellationToken);
        if (AnswerFailure is not null)
        {
            throw AnswerFailure;
        }

        var chunks = StreamChunks ?? new[] { Answer };
        for (var i = 0; i < chunks.Length; i++)
        {
            if (StreamFailAfter == i)
            {
                throw new InvalidOperationException($"{Model} stream broke");
            }

            if (i == 1 && StreamGate is not null)
            {
                await StreamGate.WaitAsync(cancellationToken);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, chunks[i]) { ModelId = Model, MessageId = "m1" };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, new List<AIContent>
        {
            new UsageContent(new UsageDetails { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = InputTokens + OutputTokens }),
        }) { ModelId = Model, MessageId = "m1" };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(ProviderName, null, Model) : null;

    public void Dispose()
    {
    }

    private ChatResponse Respond(IList<ChatMessage> messages) => new(messages)
    {
        ModelId = Model,
        Usage = new UsageDetails { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = InputTokens + OutputTokens },
    };

    private static Task Wait(TimeSpan delay, CancellationToken cancellationToken) =>
        delay == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
