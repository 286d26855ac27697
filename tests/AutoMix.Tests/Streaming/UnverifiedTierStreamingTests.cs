using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Streaming;

/// <summary>A tier the table accepts without verifying streams live, like the final tier.</summary>
public class UnverifiedTierStreamingTests
{
    private static readonly CascadeTier[] Tiers = ThreeTiers(samples: 4);

    /// <summary>small verifies (bins 0-2 go to medium, 3-4 accept); medium accepts without verifying.</summary>
    private static readonly PolicyTable SmallThenUnverifiedMedium =
        Table(Tiers, 0, tier => tier == 0, (_, bin) => bin < 3 ? TableAction.RouteTo(1) : TableAction.Accept);

    [Fact]
    public async Task An_unverified_middle_tier_streams_live_without_calling_its_verifier()
    {
        var small = new FakeChatClient("small-model", "REJECTED") { Verdicts = new[] { Incorrect } };
        var gate = new SemaphoreSlim(0);
        var medium = new FakeChatClient("medium-model") { StreamChunks = new[] { "Par", "is" }, StreamGate = gate };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, SmallThenUnverifiedMedium), new[] { small, medium, large });

        var updates = new List<ChatResponseUpdate>();
        await using (var stream = cascade.GetStreamingResponseAsync(Question()).GetAsyncEnumerator())
        {
            // The first chunk arrives while the backend still waits before its second: streamed live, not buffered.
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal("Par", stream.Current.Text);
            updates.Add(stream.Current);
            gate.Release();
            while (await stream.MoveNextAsync())
            {
                updates.Add(stream.Current);
            }
        }

        var response = updates.ToChatResponse();
        Assert.Equal("Paris", response.Text);
        Assert.Equal(0, medium.VerifyCalls);
        Assert.Equal(0, large.TotalCalls);
        var trace = response.GetCascadeTrace()!;
        Assert.Equal(1, trace.AnsweringTier);
        Assert.Equal(CascadeStepOutcome.AcceptedUnverified, trace.Steps[^1].Outcome);
        Assert.Equal(5, trace.Steps[^1].Cost);
        Assert.Equal(1.5 + 5, trace.TotalCost);
    }

    [Fact]
    public async Task An_unverified_tier_failing_before_its_first_update_escalates()
    {
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var medium = new FakeChatClient("medium-model") { AnswerFailure = new InvalidOperationException("down") };
        var large = new FakeChatClient("large-model") { StreamChunks = new[] { "x", "y" } };
        var cascade = new AutoMixCascade(Definition(Tiers, SmallThenUnverifiedMedium), new[] { small, medium, large });

        var response = (await ToListAsync(cascade.GetStreamingResponseAsync(Question()))).ToChatResponse();

        Assert.Equal("xy", response.Text);
        var trace = response.GetCascadeTrace()!;
        Assert.Equal(
            new[] { CascadeStepOutcome.Routed, CascadeStepOutcome.FailedEscalated, CascadeStepOutcome.Answered },
            trace.Steps.Select(s => s.Outcome));
        Assert.Equal(1.5 + 5 + 20, trace.TotalCost);
    }

    [Fact]
    public async Task An_unverified_tier_failing_after_an_update_ends_the_run_instead_of_mixing_answers()
    {
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var medium = new FakeChatClient("medium-model") { StreamChunks = new[] { "a", "b" }, StreamFailAfter = 1 };
        var large = new FakeChatClient("large-model", "LARGE");
        var cascade = new AutoMixCascade(Definition(Tiers, SmallThenUnverifiedMedium), new[] { small, medium, large });

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<CascadeTierFailedException>(async () =>
        {
            await foreach (var update in cascade.GetStreamingResponseAsync(Question()))
            {
                received.Add(update);
            }
        });

        Assert.Equal("medium", ex.Tier);
        Assert.Equal("a", Assert.Single(received).Text);
        Assert.Equal(CascadeStepOutcome.Failed, ex.Trace.Steps[^1].Outcome);
        Assert.Equal(0, large.TotalCalls);
    }

    private static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
