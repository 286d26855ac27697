using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Execution;

public class CancellationTests
{
    [Fact]
    public async Task Caller_cancellation_stops_outstanding_verifier_calls_promptly()
    {
        var tiers = TwoTiers(samples: 8);
        var small = new FakeChatClient("small-model") { VerifyDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large });
        using var cts = new CancellationTokenSource();

        var run = cascade.RunAsync(Question(), cancellationToken: cts.Token);
        await WaitUntil(() => small.Active == 8);
        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(8, small.CancelledCalls);
        Assert.Equal(0, small.Active);
        Assert.Equal(0, large.TotalCalls); // cancellation is never turned into an escalation
    }

    [Fact]
    public async Task Caller_cancellation_during_the_answer_is_not_escalated()
    {
        var tiers = TwoTiers(samples: 2);
        var small = new FakeChatClient("small-model") { AnswerDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large }, new AutoMixCascadeOptions { TierTimeout = TimeSpan.FromMinutes(5) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cascade.RunAsync(Question(), cancellationToken: cts.Token).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public async Task Cancelled_streaming_stops_the_final_tier()
    {
        var tiers = TwoTiers(samples: 2);
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Incorrect } };
        var large = new FakeChatClient("large-model") { StreamChunks = new[] { "a", "b" }, StreamGate = new SemaphoreSlim(0) };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });
        using var cts = new CancellationTokenSource();

        await using var updates = cascade.GetStreamingResponseAsync(Question(), cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("a", updates.Current.Text);
        var next = updates.MoveNextAsync().AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(5);
        }
    }
}
