using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using static AutoMix.Tests.Fakes.Cascades;
using Xunit;

namespace AutoMix.Tests.Execution;

/// <summary>The runtime of an adaptive verifier: rounds drawn until the table stops, each one in the trace.</summary>
public class AdaptiveVerificationTests
{
    private static readonly AdaptiveSampling Sampling = new(Samples: 8, Batch: 2, RoundCost: 0.05, SampleCost: 0.1);

    private static CascadeTier[] Tiers() => new[]
    {
        new CascadeTier("small", "small-model", 1, new VerifierSpec(VerifierMethod.SelfVerification, 8, 1.0, 0.8, ObservationBinning.Equal(9), SourceSpan.None) { Adaptive = Sampling }),
        new CascadeTier("large", "large-model", 20, null),
    };

    /// <summary>Accept when every sample so far agrees, route when none does, otherwise draw on (route after the last round).</summary>
    private static PolicyTable AdaptiveTable(CascadeTier[] tiers) => Table(tiers, (_, point) =>
    {
        var (round, agreeing) = Sampling.PointAt(point);
        var drawn = Sampling.SamplesAfter(round);
        return agreeing == drawn ? TableAction.Accept
            : agreeing == 0 || round == Sampling.Rounds - 1 ? TableAction.RouteTo(1)
            : TableAction.Continue;
    });

    [Fact]
    public async Task A_first_round_that_settles_the_verdict_makes_exactly_batch_verifier_calls()
    {
        var tiers = Tiers();
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Correct } };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, AdaptiveTable(tiers)), new[] { small, large });

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, small.VerifyCalls);
        Assert.Equal(0, large.TotalCalls);
        var step = Assert.Single(result.Trace.Steps);
        Assert.Equal(CascadeStepOutcome.Accepted, step.Outcome);
        var round = Assert.Single(step.Rounds);
        Assert.Equal(new VerifierRound(0, 2, 2, TableAction.Accept), round);
        Assert.Equal(2, step.Samples.Count);
        Assert.Equal(1 + 0.05 + (2 * 0.1), step.Cost, 12);
        Assert.Equal(Sampling.PointOf(0, 2), step.Bin);
    }

    [Fact]
    public async Task Split_rounds_draw_on_and_the_trace_records_every_round()
    {
        var tiers = Tiers();

        // Verdicts in call order: correct, incorrect (round 0: 1/2), correct, correct (round 1: 3/4), then correct ×4.
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Correct, Incorrect, Correct, Correct, Correct, Correct, Correct, Correct } };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, AdaptiveTable(tiers)), new[] { small, large });

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(8, small.VerifyCalls);
        var step = result.Trace.Steps[0];
        Assert.Equal(
            new[] { (2, 1, true), (4, 3, true), (6, 5, true), (8, 7, false) },
            step.Rounds.Select(r => (r.Samples, r.Agreeing, r.Decision.IsContinue)).ToArray());
        Assert.Equal(CascadeStepOutcome.Routed, step.Outcome);
        Assert.Equal(8, step.Samples.Count);
        Assert.Equal(7.0 / 8, step.Confidence!.Value, 12);
        Assert.Equal(1 + (4 * 0.05) + (8 * 0.1), step.Cost, 12);
        Assert.Equal(1, large.AnswerCalls);
        Assert.Contains("rounds 1/2 draw more, 3/4 draw more, 5/6 draw more, 7/8 route", step.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Later_rounds_continue_the_sample_numbering()
    {
        var tiers = Tiers();
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Correct, Incorrect } };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, AdaptiveTable(tiers)), new[] { small, large }, new AutoMixCascadeOptions { NameVerifierSamples = true });

        await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        var indices = small.Requests.Where(r => FakeChatClient.IsVerification(r.Messages))
            .Select(r => r.Options?.AdditionalProperties?[AutoMixRequestProperties.SampleIndex]).OrderBy(i => (int)i!).ToArray();
        Assert.Equal(new object?[] { 0, 1, 2, 3, 4, 5, 6, 7 }, indices);
    }

    [Fact]
    public async Task A_failure_in_a_later_round_escalates_and_charges_the_rounds_issued()
    {
        var tiers = Tiers();

        // Round 0 splits (1 of 2 agree), so round 1 is drawn; its first call (verify call 2) fails.
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Correct, Incorrect }, FailingVerifyCall = 2 };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, AdaptiveTable(tiers)), new[] { small, large });

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        var failed = result.Trace.Steps[0];
        Assert.Equal(CascadeStepOutcome.FailedEscalated, failed.Outcome);
        Assert.Equal(1 + (2 * (0.05 + (2 * 0.1))), failed.Cost, 12);
        Assert.Equal(0, small.Active);
        Assert.Equal("l", result.Response.Text);
    }

    [Fact]
    public async Task Cancelling_during_a_round_cancels_its_samples_and_the_visit()
    {
        var tiers = Tiers();
        using var cancel = new CancellationTokenSource();
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Correct, Incorrect }, VerifyDelay = Timeout.InfiniteTimeSpan };
        var large = new FakeChatClient("large-model");
        var cascade = new AutoMixCascade(Definition(tiers, AdaptiveTable(tiers)), new[] { small, large });

        var run = cascade.RunAsync(Question(), cancellationToken: cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(0, small.Active);
        Assert.Equal(0, large.TotalCalls);
    }
}
