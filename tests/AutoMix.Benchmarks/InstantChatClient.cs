using Microsoft.Extensions.AI;

namespace AutoMix.Benchmarks;

/// <summary>
/// A zero-latency backend returning cached, already-completed responses, so a benchmark measures only the cascade's
/// own overhead. Verifier requests are told apart by their options (the cascade sets the verifier temperature;
/// benchmark task calls pass no options).
/// </summary>
public sealed class InstantChatClient : IChatClient
{
    private readonly Task<ChatResponse> _answer;
    private readonly Task<ChatResponse> _verdict;

    public InstantChatClient(string model, string answer, string verdict)
    {
        _answer = Task.FromResult(Respond(model, answer));
        _verdict = Task.FromResult(Respond(model, verdict));
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        options?.Temperature is null ? _answer : _verdict;

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The cascade benchmark does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static ChatResponse Respond(string model, string text) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = model,
            Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 24, TotalTokenCount = 144 },
        };
}
