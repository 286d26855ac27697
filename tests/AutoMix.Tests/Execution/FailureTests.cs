using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Execution;

public class FailureTests
{
    [Fact]
    public async Task Failing_small_tier_escalates_to_the_next_tier_and_still_costs_its_answer()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model") { AnswerFailure = new HttpRequestException("503") };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("l", result.Response.Text);
        var failed = result.Trace.Steps[0];
        Assert.Equal(CascadeStepOutcome.FailedEscalated, failed.Outcome);
        Assert.IsType<HttpRequestException>(failed.Error);
        Assert.Equal(1, failed.NextTier);
        Assert.Equal(1, failed.Cost); // the answer call was issued; no verification ran
        Assert.Equal(0, small.VerifyCalls);
        Assert.Equal(21, result.Trace.TotalCost);
    }

    [Fact]
    public async Task Failing_verifier_escalates_and_charges_the_verifier_once()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "s") { FailingVerifyCall = 2 };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large });

        var result = await cascade.RunAsync(Question());

        var failed = result.Trace.Steps[0];
        Assert.Equal(CascadeStepOutcome.FailedEscalated, failed.Outcome);
        Assert.Equal("s", failed.Answer);
        Assert.Equal(1.5, failed.Cost);
        Assert.Contains("verifier call 2", failed.Error!.Message);
        Assert.Equal(21.5, result.Trace.TotalCost);
    }

    [Fact]
    public async Task Escalation_goes_to_the_next_tier_index_even_when_the_table_could_skip()
    {
        var tiers = ThreeTiers(samples: 4);
        var table = Table(tiers, (tier, bin) => tier == 0
            ? bin switch { 0 => TableAction.RouteTo(2), 1 => TableAction.RouteTo(1), _ => TableAction.Accept }
            : TableAction.Accept);
        var small = new FakeChatClient("small-model") { AnswerFailure = new InvalidOperationException("down") };
        var medium = new FakeChatClient("medium-model", "m");
        var cascade = new AutoMixCascade(Definition(tiers, table), new[] { small, medium, new FakeChatClient("large-model") });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("m", result.Response.Text);
        Assert.Equal(new[] { 0, 1 }, result.Trace.Steps.Select(s => s.TierIndex));
    }

    [Fact]
    public async Task Fail_mode_throws_with_the_trace_so_far()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model") { AnswerFailure = new InvalidOperationException("down") };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large }, new AutoMixCascadeOptions { TierFailureMode = TierFailureMode.Fail });

        var ex = await Assert.ThrowsAsync<CascadeTierFailedException>(() => cascade.RunAsync(Question()));

        Assert.Equal("small", ex.Tier);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Equal(CascadeStepOutcome.Failed, Assert.Single(ex.Trace.Steps).Outcome);
        Assert.Equal(-1, ex.Trace.AnsweringTier);
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public async Task Final_tier_failure_carries_the_trace_including_earlier_tiers()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var large = new FakeChatClient("large-model") { AnswerFailure = new HttpRequestException("429") };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var ex = await Assert.ThrowsAsync<CascadeTierFailedException>(() => cascade.RunAsync(Question()));

        Assert.Equal("large", ex.Tier);
        Assert.Equal(1, ex.TierIndex);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(new[] { CascadeStepOutcome.Routed, CascadeStepOutcome.Failed }, ex.Trace.Steps.Select(s => s.Outcome));
        Assert.Equal(21.5, ex.Trace.TotalCost);
    }

    [Fact]
    public async Task Tier_timeout_escalates_with_a_timeout_error()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model") { VerifyDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model", "l");
        var options = new AutoMixCascadeOptions();
        options.TierTimeouts["small"] = TimeSpan.FromMilliseconds(100);
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large }, options);

        var result = await cascade.RunAsync(Question());

        Assert.Equal("l", result.Response.Text);
        Assert.IsType<TimeoutException>(result.Trace.Steps[0].Error);
        Assert.Contains("'small'", result.Trace.Steps[0].Error!.Message);
        Assert.Equal(4, small.CancelledCalls);
        Assert.Equal(0, small.Active);
    }

    [Fact]
    public async Task Timeouts_run_on_the_configured_time_provider()
    {
        var tiers = TwoTiers(samples: 2);
        var small = new FakeChatClient("small-model") { AnswerDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model", "l");
        var clock = new ImmediateTimeProvider();
        var options = new AutoMixCascadeOptions { TimeProvider = clock };
        options.TierTimeouts["small"] = TimeSpan.FromHours(1); // only a fake clock makes this expire

        var result = await new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large }, options)
            .RunAsync(Question()).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.IsType<TimeoutException>(result.Trace.Steps[0].Error);
        Assert.Equal(1, clock.TimersCreated);
        Assert.Equal("l", result.Response.Text);
    }

    [Fact]
    public async Task Final_tier_timeout_throws_tier_failed_with_timeout_inside()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Incorrect } };
        var large = new FakeChatClient("large-model") { AnswerDelay = Timeout.InfiniteTimeSpan };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large }, new AutoMixCascadeOptions { TierTimeout = TimeSpan.FromMilliseconds(100) });

        var ex = await Assert.ThrowsAsync<CascadeTierFailedException>(() => cascade.RunAsync(Question()));

        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Equal("large", ex.Tier);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public async Task A_failed_verifier_sample_cancels_its_siblings(int failAfterMs)
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model")
        {
            VerifyDelay = Timeout.InfiniteTimeSpan,
            FailingVerifyCall = 3,
            FailureDelay = TimeSpan.FromMilliseconds(failAfterMs),
        };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal(CascadeStepOutcome.FailedEscalated, result.Trace.Steps[0].Outcome);
        Assert.IsType<InvalidOperationException>(result.Trace.Steps[0].Error);
        Assert.Equal(3, small.CancelledCalls);
        Assert.Equal(0, small.Active);
        Assert.Equal("l", result.Response.Text);
    }
}
