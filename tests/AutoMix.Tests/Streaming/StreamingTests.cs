using AutoMix.Tests.Fakes;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Streaming;

public class StreamingTests
{
    [Fact]
    public async Task Rejected_answer_never_appears_and_the_final_tier_streams_live()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "REJECTED-SMALL-ANSWER") { Verdicts = new[] { Incorrect } };
        var gate = new SemaphoreSlim(0);
        var large = new FakeChatClient("large-model") { StreamChunks = new[] { "The ", "capital ", "is Paris." }, StreamGate = gate, InputTokens = 100, OutputTokens = 30 };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var updates = new List<ChatResponseUpdate>();
        await using (var stream = cascade.GetStreamingResponseAsync(Question()).GetAsyncEnumerator())
        {
            // The first chunk arrives while the backend is still blocked before its second chunk: live streaming.
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
            updates.Add(stream.Current);
            Assert.Equal("The ", stream.Current.Text);
            gate.Release();
            while (await stream.MoveNextAsync())
            {
                updates.Add(stream.Current);
            }
        }

        Assert.DoesNotContain(updates, u => u.Text.Contains("REJECTED", StringComparison.Ordinal));
        var response = updates.ToChatResponse();
        Assert.Equal("The capital is Paris.", response.Text);
        Assert.Equal(5 * 10 + 100, response.Usage!.InputTokenCount); // summed once: backend usage is not forwarded twice
        Assert.Equal(5 * 2 + 30, response.Usage.OutputTokenCount);
        var trace = updates[^1].GetCascadeTrace()!;
        Assert.Same(trace, response.GetCascadeTrace());
        Assert.Equal(1, trace.AnsweringTier);
        Assert.Equal("The capital is Paris.", trace.Steps[1].Answer);
        Assert.Equal(130, trace.Steps[1].InputTokens + trace.Steps[1].OutputTokens);
        Assert.Equal(21.5, trace.TotalCost);
        Assert.Equal(1, updates.Count(u => u.Contents.OfType<UsageContent>().Any()));
    }

    [Fact]
    public async Task Accepted_answer_is_emitted_after_verification()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "Paris") { Verdicts = new[] { Correct } };
        var large = new FakeChatClient("large-model", "LARGE");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var updates = await ToListAsync(cascade.GetStreamingResponseAsync(Question()));

        Assert.Equal(0, large.TotalCalls);
        var response = updates.ToChatResponse();
        Assert.Equal("Paris", response.Text);
        Assert.Equal("small-model", response.ModelId);
        Assert.Equal(50, response.Usage!.InputTokenCount);
        Assert.Equal(0, response.GetCascadeTrace()!.AnsweringTier);
        Assert.Equal(4, small.VerifyCalls); // all verification finished before the answer was released
    }

    [Fact]
    public async Task Final_tier_stream_failure_throws_with_the_trace()
    {
        var tiers = TwoTiers(samples: 2);
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var large = new FakeChatClient("large-model") { StreamChunks = new[] { "a", "b" }, StreamFailAfter = 1 };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<CascadeTierFailedException>(async () =>
        {
            await foreach (var update in cascade.GetStreamingResponseAsync(Question()))
            {
                received.Add(update);
            }
        });

        Assert.Equal("large", ex.Tier);
        Assert.Equal("a", Assert.Single(received).Text);
        Assert.Equal(CascadeStepOutcome.Failed, ex.Trace.Steps[^1].Outcome);
    }

    [Fact]
    public async Task Escalation_after_a_failure_streams_the_final_tier()
    {
        var tiers = TwoTiers(samples: 2);
        var small = new FakeChatClient("small-model", "s") { AnswerFailure = new InvalidOperationException("down") };
        var large = new FakeChatClient("large-model") { StreamChunks = new[] { "x", "y" } };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large });

        var response = (await ToListAsync(cascade.GetStreamingResponseAsync(Question()))).ToChatResponse();

        Assert.Equal("xy", response.Text);
        Assert.Equal(CascadeStepOutcome.FailedEscalated, response.GetCascadeTrace()!.Steps[0].Outcome);
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
