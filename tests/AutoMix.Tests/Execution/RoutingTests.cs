using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Execution;

public class RoutingTests
{
    [Fact]
    public async Task Two_tiers_accept_the_small_answer_when_confident()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "Paris") { Verdicts = new[] { Correct } };
        var large = new FakeChatClient("large-model", "Paris, France");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 4)), new[] { small, large });

        var response = await cascade.GetResponseAsync(Question());

        Assert.Equal("Paris", response.Text);
        Assert.Equal("small-model", response.ModelId);
        var trace = response.GetCascadeTrace()!;
        Assert.Equal(0, trace.AnsweringTier);
        Assert.Equal("small", trace.AnsweringTierName);
        Assert.Equal(0, large.TotalCalls);
        Assert.Equal(TableAction.Accept, trace.Steps[0].Action);
    }

    [Fact]
    public async Task Two_tiers_route_to_the_large_tier_when_doubtful()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "Lyon") { Verdicts = new[] { Correct, Incorrect, Incorrect, Incorrect } };
        var large = new FakeChatClient("large-model", "Paris");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("Paris", result.Response.Text);
        Assert.Equal("large-model", result.Response.ModelId);
        Assert.Collection(
            result.Trace.Steps,
            s => { Assert.Equal(CascadeStepOutcome.Routed, s.Outcome); Assert.Equal(1, s.NextTier); Assert.Equal("Lyon", s.Answer); Assert.Equal(1, s.Bin); },
            s => { Assert.Equal(CascadeStepOutcome.Answered, s.Outcome); Assert.Equal("Paris", s.Answer); Assert.Null(s.Confidence); });
        Assert.Equal(1, result.Trace.Escalations);
    }

    [Fact]
    public async Task Three_tiers_can_skip_the_middle_tier()
    {
        var tiers = ThreeTiers(samples: 4);
        var table = Table(tiers, (tier, bin) => tier == 0
            ? bin switch { 0 => TableAction.RouteTo(2), <= 2 => TableAction.RouteTo(1), _ => TableAction.Accept }
            : bin >= 3 ? TableAction.Accept : TableAction.RouteTo(2));
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } };
        var medium = new FakeChatClient("medium-model", "m");
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, table), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("l", result.Response.Text);
        Assert.Equal(0, medium.TotalCalls);
        Assert.Equal(new[] { 0, 2 }, result.Trace.Steps.Select(s => s.TierIndex));
        Assert.Equal(TableAction.RouteTo(2), result.Trace.Steps[0].Action);
    }

    [Fact]
    public async Task Three_tiers_route_through_the_middle_tier_which_accepts()
    {
        var tiers = ThreeTiers(samples: 4);
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Correct, Incorrect } };
        var medium = new FakeChatClient("medium-model", "m") { Verdicts = new[] { Correct } };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, medium, large });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("m", result.Response.Text);
        Assert.Equal(1, result.Trace.AnsweringTier);
        Assert.Equal(0, large.TotalCalls);
        Assert.Equal(new[] { 0.5, 1.0 }, result.Trace.Steps.Select(s => s.Confidence!.Value));
    }

    [Fact]
    public async Task Operating_point_selects_its_table_per_call()
    {
        var tiers = TwoTiers(samples: 4);
        var points = new Dictionary<string, PolicyTable> { ["quality"] = Threshold(tiers, 5), ["cheap"] = Threshold(tiers, 0) };
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Correct, Correct, Correct, Incorrect } };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3), points), new[] { small, large });

        Assert.Equal("s", (await cascade.GetResponseAsync(Question())).Text);
        var quality = await cascade.RunAsync(Question(), new ChatOptions().WithOperatingPoint("quality"));
        Assert.Equal("l", quality.Response.Text);
        Assert.Equal("quality", quality.Trace.OperatingPoint);
        var cheap = await cascade.RunAsync(Question(), new ChatOptions().WithOperatingPoint("cheap"));
        Assert.Equal("s", cheap.Response.Text);
        Assert.Equal("default", (await cascade.RunAsync(Question())).Trace.OperatingPoint);
    }

    [Fact]
    public async Task Unknown_operating_point_lists_the_known_ones()
    {
        var tiers = TwoTiers();
        var points = new Dictionary<string, PolicyTable> { ["quality"] = Threshold(tiers, 5), ["cheap"] = Threshold(tiers, 0) };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3), points), new[] { new FakeChatClient("s"), new FakeChatClient("l") });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => cascade.GetResponseAsync(Question(), new ChatOptions().WithOperatingPoint("fast")));

        Assert.Contains("'fast'", ex.Message);
        Assert.Contains("default, cheap, quality", ex.Message);
    }

    [Fact]
    public async Task Operating_point_key_does_not_reach_the_backends()
    {
        var tiers = TwoTiers(samples: 2);
        var small = new FakeChatClient("small-model");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0), new Dictionary<string, PolicyTable> { ["p"] = Threshold(tiers, 0) }), new[] { small, new FakeChatClient("l") });
        var options = new ChatOptions { AdditionalProperties = new() { ["seed_hint"] = 7 } }.WithOperatingPoint("p");

        await cascade.RunAsync(Question(), options);

        var sent = small.Requests.Single(r => !FakeChatClient.IsVerification(r.Messages)).Options!;
        Assert.False(sent.AdditionalProperties!.ContainsKey(AutoMixChatOptionsExtensions.OperatingPointKey));
        Assert.Equal(7, sent.AdditionalProperties["seed_hint"]);
        Assert.Equal("p", options.GetOperatingPoint()); // the caller's options are untouched
    }

    [Fact]
    public async Task Usage_is_summed_over_every_call_and_cost_charged_once_per_visit()
    {
        var tiers = TwoTiers(samples: 4); // small: cost 1, verifier 0.5; large: cost 20
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Incorrect }, InputTokens = 10, OutputTokens = 2 };
        var large = new FakeChatClient("large-model") { InputTokens = 100, OutputTokens = 30 };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { small, large });

        var response = await cascade.GetResponseAsync(Question());
        var trace = response.GetCascadeTrace()!;

        // small: 1 answer + 4 verifier calls of 10/2 tokens; large: one call of 100/30.
        Assert.Equal(5 * 10 + 100, response.Usage!.InputTokenCount);
        Assert.Equal(5 * 2 + 30, response.Usage.OutputTokenCount);
        Assert.Equal(5 * 12 + 130, response.Usage.TotalTokenCount);
        Assert.Equal(50, trace.Steps[0].InputTokens);
        Assert.Equal(10, trace.Steps[0].OutputTokens);
        Assert.Equal(190, trace.TotalTokens);
        Assert.Equal(1.5, trace.Steps[0].Cost);
        Assert.Equal(20, trace.Steps[1].Cost);
        Assert.Equal(21.5, trace.TotalCost);
        Assert.Equal(trace.Steps.Sum(s => s.Cost), trace.TotalCost);
    }

    [Fact]
    public async Task Response_keeps_the_answering_backends_properties_and_adds_the_trace()
    {
        var tiers = TwoTiers(samples: 1);
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { new FakeChatClient("small-model", "a"), new FakeChatClient("l") });
        var response = await cascade.GetResponseAsync(Question());
        Assert.IsType<CascadeTrace>(response.AdditionalProperties![CascadeResponseExtensions.TraceKey]);
        Assert.Same(response.GetCascadeTrace(), response.AdditionalProperties[CascadeResponseExtensions.TraceKey]);
    }

    [Fact]
    public async Task One_backend_can_serve_every_tier_with_tier_model_ids()
    {
        var tiers = TwoTiers(samples: 2);
        var shared = new FakeChatClient("router", "x") { Verdicts = new[] { Incorrect } };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 2)), new[] { shared, shared }, new AutoMixCascadeOptions { SendTierModelId = true });

        await cascade.RunAsync(Question(), new ChatOptions { ModelId = "caller-choice" });

        var models = shared.Requests.Select(r => r.Options!.ModelId).ToList();
        Assert.Equal(3, models.Count(m => m == "small-model")); // answer and two verifier samples
        Assert.Equal(1, models.Count(m => m == "large-model"));
        Assert.DoesNotContain("caller-choice", models);
    }

    [Fact]
    public async Task Callers_model_id_is_not_forwarded_to_tiers()
    {
        var tiers = TwoTiers(samples: 1);
        var small = new FakeChatClient("small-model");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, new FakeChatClient("l") });

        await cascade.RunAsync(Question(), new ChatOptions { ModelId = "gpt-who-knows", Temperature = 0.2f });

        var sent = small.Requests.Single(r => !FakeChatClient.IsVerification(r.Messages)).Options!;
        Assert.Null(sent.ModelId);
        Assert.Equal(0.2f, sent.Temperature);
    }

    [Fact]
    public async Task One_cascade_serves_concurrent_queries_independently()
    {
        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model", "s") { Verdicts = new[] { Correct }, VerifyDelay = TimeSpan.FromMilliseconds(5) };
        var large = new FakeChatClient("large-model", "l");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 4)), new[] { small, large });

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => cascade.RunAsync(Question())));

        Assert.All(results, r =>
        {
            Assert.Equal("s", r.Response.Text);
            Assert.Single(r.Trace.Steps);
            Assert.Equal(1.5, r.Trace.TotalCost);
            Assert.Equal(50, r.Response.Usage!.InputTokenCount);
        });
        Assert.Equal(32 * 4, small.VerifyCalls);
    }
}
