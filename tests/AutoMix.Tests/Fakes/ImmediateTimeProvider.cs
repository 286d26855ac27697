namespace AutoMix.Tests.Fakes;

/// <summary>A clock whose timers fire at once, whatever their due time: proves timeouts run on the configured TimeProvider.</summary>
public sealed class ImmediateTimeProvider : TimeProvider
{
    public int TimersCreated;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref TimersCreated);
        _ = Task.Run(() => callback(state));
        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
