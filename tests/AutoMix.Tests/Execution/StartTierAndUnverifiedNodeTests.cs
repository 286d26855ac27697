using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Execution;

/// <summary>
/// Hand-built tables that start past the first tier or accept a non-final tier without verifying
/// (three tiers: small cost 1 + verifier 0.5, medium 5 + 2, large 20).
/// </summary>
public class StartTierAndUnverifiedNodeTests
{
    private static readonly CascadeTier[] Tiers = ThreeTiers(samples: 4);

    /// <summary>small verifies (bins 0-2 go to medium, 3-4 accept); medium accepts without verifying.</summary>
    private static PolicyTable SmallThenUnverifiedMedium { get; } =
        Table(Tiers, 0, tier => tier == 0, (_, bin) => bin < 3 ? TableAction.RouteTo(1) : TableAction.Accept);

    /// <summary>Starts at medium, which accepts without verifying: small and large are never called.</summary>
    private static PolicyTable AlwaysMediumUnverified { get; } =
        Table(Tiers, 1, _ => false, (_, _) => TableAction.Accept);

    [Fact]
    public async Task A_table_starting_at_tier_1_never_calls_tier_0()
    {
        var table = Table(Tiers, 1, _ => true, (_, bin) => bin >= 3 ? TableAction.Accept : TableAction.RouteTo(2));
        var small = new FakeChatClient("small-model", "s");
        var medium = new FakeChatClient("medium-model", "m") { Verdicts = new[] { Correct } };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, table), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("m", result.Response.Text);
        Assert.Equal(0, small.TotalCalls);
        Assert.Equal(0, large.TotalCalls);
        var step = Assert.Single(result.Trace.Steps);
        Assert.Equal((1, 0, CascadeStepOutcome.Accepted), (step.TierIndex, step.Node, step.Outcome));
        Assert.Equal(4, medium.VerifyCalls);
        Assert.Equal(7, result.Trace.TotalCost);
    }

    [Fact]
    public async Task A_table_starting_at_tier_1_routes_on_from_there()
    {
        var table = Table(Tiers, 1, _ => true, (_, bin) => bin >= 3 ? TableAction.Accept : TableAction.RouteTo(2));
        var small = new FakeChatClient("small-model", "s");
        var medium = new FakeChatClient("medium-model", "m") { Verdicts = new[] { Incorrect } };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, table), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("l", result.Response.Text);
        Assert.Equal(0, small.TotalCalls);
        Assert.Equal(new[] { CascadeStepOutcome.Routed, CascadeStepOutcome.Answered }, result.Trace.Steps.Select(s => s.Outcome));
        Assert.Equal(27, result.Trace.TotalCost);
    }

    [Fact]
    public async Task An_unverified_middle_tier_is_called_once_and_its_verifier_never()
    {
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var medium = new FakeChatClient("medium-model", "m") { Verdicts = new[] { Incorrect } };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, SmallThenUnverifiedMedium), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("m", result.Response.Text);
        Assert.Equal("medium-model", result.Response.ModelId);
        Assert.Equal(1, medium.TotalCalls);
        Assert.Equal(0, medium.VerifyCalls);
        Assert.Equal(0, large.TotalCalls);
        var trace = result.Trace;
        Assert.Equal((1, "medium"), (trace.AnsweringTier, trace.AnsweringTierName));
        var unverified = trace.Steps[1];
        Assert.Equal(CascadeStepOutcome.AcceptedUnverified, unverified.Outcome);
        Assert.Equal(TableAction.Accept, unverified.Action);
        Assert.Null(unverified.Confidence);
        Assert.Null(unverified.Bin);
        Assert.Empty(unverified.Samples);
        Assert.Null(unverified.NextTier);
        Assert.Equal(5, unverified.Cost); // the tier alone, no verifier
        Assert.Equal(1.5 + 5, trace.TotalCost);
        Assert.Equal(1, trace.Escalations);
    }

    [Fact]
    public async Task A_table_that_only_runs_an_unverified_middle_tier_makes_one_call()
    {
        var small = new FakeChatClient("small-model", "s");
        var medium = new FakeChatClient("medium-model", "m");
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, AlwaysMediumUnverified), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("m", result.Response.Text);
        Assert.Equal((0, 1, 0), (small.TotalCalls, medium.TotalCalls, large.TotalCalls));
        var step = Assert.Single(result.Trace.Steps);
        Assert.Equal(CascadeStepOutcome.AcceptedUnverified, step.Outcome);
        Assert.Equal(5, result.Trace.TotalCost);
        Assert.Equal(0, result.Trace.Escalations);
        Assert.Equal(10, result.Response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task A_failing_unverified_tier_escalates_to_the_next_tier()
    {
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var medium = new FakeChatClient("medium-model") { AnswerFailure = new HttpRequestException("503") };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, SmallThenUnverifiedMedium), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("l", result.Response.Text);
        Assert.Equal(0, medium.VerifyCalls);
        Assert.Equal(
            new[] { CascadeStepOutcome.Routed, CascadeStepOutcome.FailedEscalated, CascadeStepOutcome.Answered },
            result.Trace.Steps.Select(s => s.Outcome));
        var failed = result.Trace.Steps[1];
        Assert.Equal(2, failed.NextTier);
        Assert.IsType<HttpRequestException>(failed.Error);
        Assert.Equal(5, failed.Cost);
        Assert.Equal(1.5 + 5 + 20, result.Trace.TotalCost);
        Assert.Equal(2, result.Trace.Escalations);
    }

    [Fact]
    public async Task A_failing_unverified_tier_under_Fail_throws_with_the_trace()
    {
        var small = new FakeChatClient("small-model", "s");
        var medium = new FakeChatClient("medium-model") { AnswerFailure = new HttpRequestException("503") };
        var large = new FakeChatClient("large-model", "l");
        var options = new AutoMixCascadeOptions { TierFailureMode = TierFailureMode.Fail };
        var cascade = new AutoMixCascade(Definition(Tiers, AlwaysMediumUnverified), new[] { small, medium, large }, options);

        var ex = await Assert.ThrowsAsync<CascadeTierFailedException>(() => cascade.RunAsync(Question()));

        Assert.Equal(("medium", 1), (ex.Tier, ex.TierIndex));
        Assert.Equal(CascadeStepOutcome.Failed, Assert.Single(ex.Trace.Steps).Outcome);
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public async Task A_timed_out_unverified_tier_escalates_and_its_call_is_cancelled()
    {
        var small = new FakeChatClient("small-model", "s");
        var medium = new FakeChatClient("medium-model") { AnswerDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model", "l");
        var options = new AutoMixCascadeOptions();
        options.TierTimeouts["medium"] = TimeSpan.FromMilliseconds(100);
        var cascade = new AutoMixCascade(Definition(Tiers, AlwaysMediumUnverified), new[] { small, medium, large }, options);

        var result = await cascade.RunAsync(Question()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("l", result.Response.Text);
        Assert.IsType<TimeoutException>(result.Trace.Steps[0].Error);
        Assert.Equal(1, medium.CancelledCalls);
    }

    [Fact]
    public async Task Cancelling_during_an_unverified_tier_is_not_an_escalation()
    {
        var small = new FakeChatClient("small-model", "s");
        var medium = new FakeChatClient("medium-model") { AnswerDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(Tiers, AlwaysMediumUnverified), new[] { small, medium, large });
        using var cts = new CancellationTokenSource();

        var run = cascade.RunAsync(Question(), cancellationToken: cts.Token);
        await WaitUntil(() => medium.Active == 1);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, medium.CancelledCalls);
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public void Compiled_tables_know_which_nodes_verify_and_where_unverified_nodes_escalate()
    {
        // small: bin 0 skips to large, bin 1 goes to medium (unverified), bins 2-4 accept.
        var table = Table(Tiers, 0, tier => tier == 0, (_, bin) => bin switch { 0 => TableAction.RouteTo(2), 1 => TableAction.RouteTo(1), _ => TableAction.Accept });
        var compiled = new CompiledTable("t", table, 3);

        Assert.Equal(new[] { 0, 2, 1 }, compiled.NodeTier);
        Assert.Equal(new[] { true, false, false }, compiled.Verifies);
        Assert.Equal(0, compiled.StartTier);
        Assert.Equal((1, 2), (compiled.EscalationTier[0], compiled.EscalationNode[0]));
        Assert.Equal((2, 1), (compiled.EscalationTier[2], compiled.EscalationNode[2]));
        Assert.False(compiled.VerifiesAt(CompiledTable.NoNode));

        var startAtMedium = new CompiledTable("t", AlwaysMediumUnverified, 3);
        Assert.Equal(1, startAtMedium.StartTier);
        Assert.Equal((2, CompiledTable.NoNode), (startAtMedium.EscalationTier[0], startAtMedium.EscalationNode[0]));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
