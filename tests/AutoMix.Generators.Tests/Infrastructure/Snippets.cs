namespace AutoMix.Generators.Tests.Infrastructure;

/// <summary>Consumer code compiled together with the generated cascades.</summary>
internal static class Snippets
{
    /// <summary>
    /// A scripted chat client: answers with a fixed text and, when asked to verify (the prompt mentions a verdict),
    /// replies with a fixed verdict. Written as source so it lives in the consumer assembly like user code would.
    /// </summary>
    public const string ScriptedClient = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Consumer
        {
            public sealed class ScriptedClient : IChatClient
            {
                private readonly string _answer;
                private readonly string _verdict;

                public ScriptedClient(string answer, string verdict) { _answer = answer; _verdict = verdict; }

                public int Calls { get; private set; }

                public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                {
                    Calls++;
                    var text = string.Join("\n", messages.Select(m => m.Text));
                    var reply = text.IndexOf("verdict", StringComparison.OrdinalIgnoreCase) >= 0 ? "Verdict: " + _verdict : _answer;
                    return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
                }

                public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    var response = await GetResponseAsync(messages, options, cancellationToken);
                    foreach (var update in response.ToChatResponseUpdates())
                    {
                        yield return update;
                    }
                }

                public object? GetService(Type serviceType, object? serviceKey = null) => null;

                public void Dispose() { }
            }
        }
        """;
}
