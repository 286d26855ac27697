using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace AutoMix.LoadTest;

/// <summary>
/// Wraps the cascade and records, per request number ("#n#" in the question), how long the cascade itself ran, so
/// the server's added latency is the endpoint latency minus this, request by request.
/// </summary>
internal sealed class TimedCascade : DelegatingChatClient
{
    private readonly long[] _ticks;

    public TimedCascade(IChatClient cascade, int requests)
        : base(cascade)
    {
        _ticks = new long[requests];
    }

    public TimeSpan CascadeTime(int request) => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _ticks[request]));

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var started = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetTimestamp() - started;
        var request = RequestNumber(list);
        if (request >= 0 && request < _ticks.Length)
        {
            Volatile.Write(ref _ticks[request], elapsed);
        }

        return response;
    }

    private static int RequestNumber(IReadOnlyList<ChatMessage> messages)
    {
        var text = messages[^1].Text;
        var start = text.IndexOf('#', StringComparison.Ordinal);
        var end = start < 0 ? -1 : text.IndexOf('#', start + 1);
        return end > start + 1 && int.TryParse(text.AsSpan(start + 1, end - start - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : -1;
    }
}
