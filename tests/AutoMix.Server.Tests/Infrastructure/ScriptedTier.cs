using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AutoMix.Server.Tests.Infrastructure;

/// <summary>
/// A simulated tier backend: answers task prompts with a fixed text and verification prompts (those asking for a
/// the cascade marks as verification calls) with a fixed verdict. Every call reports fixed usage so tests can check the summed totals.
/// Optional gate (holds every call until released) and failure make the server's error paths reachable.
/// </summary>
public sealed class ScriptedTier : IChatClient
{
    public const int InputTokensPerCall = 11;
    public const int OutputTokensPerCall = 3;

    private int _answerCalls;
    private int _verificationCalls;

    public ScriptedTier(string answer, bool verdictCorrect = true)
    {
        Answer = answer;
        VerdictCorrect = verdictCorrect;
    }

    public string Answer { get; }

    public bool VerdictCorrect { get; }

    /// <summary>When set, every call waits for it (or for cancellation) before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when the first call has entered the tier (so a test knows a request is in flight).</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when a call waiting at the gate saw its cancellation token fire.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, every answer call throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, a streamed answer throws it right after its first word.</summary>
    public Exception? StreamFailureAfterFirstWord { get; set; }

    /// <summary>The ChatOptions of the latest (non-streaming) answer call.</summary>
    public ChatOptions? LastAnswerOptions { get; private set; }

    public int AnswerCalls => Volatile.Read(ref _answerCalls);

    public int VerificationCalls => Volatile.Read(ref _verificationCalls);

    public int TotalCalls => AnswerCalls + VerificationCalls;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = await ReplyAsync(options, cancellationToken);
        if (!IsVerification(options))
        {
            LastAnswerOptions = options;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = "scripted",
            Usage = new UsageDetails { InputTokenCount = InputTokensPerCall, OutputTokenCount = OutputTokensPerCall, TotalTokenCount = InputTokensPerCall + OutputTokensPerCall },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = await ReplyAsync(options, cancellationToken);
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = "scripted" };
            if (StreamFailureAfterFirstWord is { } failure && !IsVerification(options))
            {
                throw failure;
            }
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = ChatFinishReason.Stop,
            Contents = { new UsageContent(new UsageDetails { InputTokenCount = InputTokensPerCall, OutputTokenCount = OutputTokensPerCall, TotalTokenCount = InputTokensPerCall + OutputTokensPerCall }) },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>The cascade tags every backend call with its purpose (answer or verification).</summary>
    private static bool IsVerification(ChatOptions? options) =>
        options?.AdditionalProperties is { } props
        && props.TryGetValue(AutoMixRequestProperties.Purpose, out var purpose)
        && Equals(purpose, AutoMixRequestProperties.VerificationPurpose);

    private async Task<string> ReplyAsync(ChatOptions? options, CancellationToken cancellationToken)
    {
        var isVerification = IsVerification(options);
        if (isVerification)
        {
            Interlocked.Increment(ref _verificationCalls);
        }
        else
        {
            Interlocked.Increment(ref _answerCalls);
        }

        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!isVerification && Failure is { } failure)
        {
            throw failure;
        }

        return isVerification
            ? "Reasoning: checked against the context.\nVerdict: " + (VerdictCorrect ? "correct" : "incorrect")
            : Answer;
    }
}
