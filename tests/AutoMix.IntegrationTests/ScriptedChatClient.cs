using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AutoMix.IntegrationTests;

/// <summary>
/// A fake backend: answers every task prompt with a fixed text and every verification prompt (one that asks
/// for a verdict) with a fixed verdict, counting both kinds of call.
/// </summary>
internal sealed class ScriptedChatClient(string answer, string verdict) : IChatClient
{
    private int _answers;
    private int _verifications;

    public int Answers => _answers;

    public int Verifications => _verifications;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        string reply;
        if (prompt.Contains("verdict", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _verifications);
            reply = "Verdict: " + verdict;
        }
        else
        {
            Interlocked.Increment(ref _answers);
            reply = answer;
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
