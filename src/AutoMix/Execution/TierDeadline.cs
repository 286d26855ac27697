using System;
using System.Threading;

namespace AutoMix;

/// <summary>
/// The token one tier visit runs under: the caller's token, linked with the tier's timeout when one is set.
/// Tells a timeout apart from caller cancellation.
/// </summary>
internal readonly struct TierDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource? _linked;

    private TierDeadline(CancellationToken token, CancellationTokenSource? timeout, CancellationTokenSource? linked, TimeSpan? limit)
    {
        Token = token;
        _timeout = timeout;
        _linked = linked;
        Limit = limit;
    }

    public CancellationToken Token { get; }

    public TimeSpan? Limit { get; }

    public bool TimedOut => _timeout?.IsCancellationRequested == true;

    public static TierDeadline Start(TimeSpan? limit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (limit is not { } delay)
        {
            return new TierDeadline(cancellationToken, null, null, null);
        }

        var timeout = new CancellationTokenSource(delay, timeProvider);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return new TierDeadline(linked.Token, timeout, linked, limit);
    }

    public void Dispose()
    {
        _linked?.Dispose();
        _timeout?.Dispose();
    }
}
