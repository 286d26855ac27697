using AutoMix.IntegrationTests.Cascades;
using AutoMix.IntegrationTests.Gates;
using Microsoft.Extensions.AI;

namespace AutoMix.IntegrationTests;

/// <summary>Runs the cascades the generator produced in this very build over scripted backends.</summary>
public sealed class GeneratedCascadeTests
{
    private static readonly ChatMessage[] Question = { new(ChatRole.User, "What is the capital of France?") };

    [Fact]
    public async Task Confident_small_is_sent_to_medium_which_answers_unverified()
    {
        // The solved default table: small bin 2 -> medium, which the model trusts whatever its verifier would say,
        // so medium answers without calling its verifier (cost: small + its verifier + medium).
        var small = new ScriptedChatClient("small: Paris", "correct");
        var medium = new ScriptedChatClient("medium: Paris", "correct");
        var large = new ScriptedChatClient("large: Paris", "correct");
        using var cascade = new RoutingCascade(small, medium, large);

        var result = await cascade.RunAsync(Question);

        Assert.Equal("medium: Paris", result.Response.Text);
        Assert.Equal(RoutingCascade.TierNames.Medium, result.Trace.AnsweringTierName);
        Assert.Equal((int)RoutingCascade.Tier.Medium, result.Trace.AnsweringTier);
        Assert.Equal(0, large.Answers);
        Assert.Equal(1 + 1 + 8, result.Trace.TotalCost);
        Assert.Equal(AutoMix.CascadeStepOutcome.AcceptedUnverified, result.Trace.Steps[^1].Outcome);
    }

    [Fact]
    public async Task Doubtful_small_skips_medium_and_goes_to_large()
    {
        // Small bins 0 and 1 go straight to large: medium would not fix those queries often enough to pay.
        var small = new ScriptedChatClient("small: Lyon", "incorrect");
        var medium = new ScriptedChatClient("medium: Lyon", "incorrect");
        var large = new ScriptedChatClient("large: Paris", "correct");
        using var cascade = new RoutingCascade(small, medium, large);

        var result = await cascade.RunAsync(Question);

        Assert.Equal("large: Paris", result.Response.Text);
        Assert.Equal(new[] { "small", "large" }, result.Trace.Steps.Select(s => s.TierName));
        Assert.Equal(0, medium.Answers);
        Assert.Equal(RoutingCascade.WorstCaseCost, result.Trace.TotalCost);
    }

    [Fact]
    public async Task Doubtful_small_skips_medium()
    {
        var small = new ScriptedChatClient("small: Lyon", "incorrect");
        var medium = new ScriptedChatClient("medium: Paris", "correct");
        var large = new ScriptedChatClient("large: Paris", "correct");
        using var cascade = new RoutingCascade(small, medium, large);

        var result = await cascade.RunAsync(Question);

        Assert.Equal("large: Paris", result.Response.Text);
        Assert.Equal(0, medium.Answers + medium.Verifications);
        Assert.Equal(new[] { "small", "large" }, result.Trace.Steps.Select(s => s.TierName));
    }

    [Fact]
    public async Task The_economy_operating_point_is_selected_per_call()
    {
        var small = new ScriptedChatClient("small: Lyon", "incorrect");
        var medium = new ScriptedChatClient("medium: Paris", "correct");
        var large = new ScriptedChatClient("large: Paris", "correct");
        using var cascade = new RoutingCascade(small, medium, large);

        var result = await cascade.RunAsync(Question, new ChatOptions().WithOperatingPoint(RoutingCascade.OperatingPoints.Economy));

        Assert.Equal("small: Lyon", result.Response.Text);
        Assert.Equal("economy", result.Trace.OperatingPoint);
        Assert.Equal(RoutingCascade.OperatingPointMetrics.Economy.WorstCaseCost, result.Trace.TotalCost);
        Assert.Equal(0, large.Answers);
    }

    [Fact]
    public async Task A_threshold_cascade_accepts_a_confident_answer_as_an_IChatClient()
    {
        IChatClient cascade = new GateCascade(new ScriptedChatClient("small: Paris", "correct"), new ScriptedChatClient("large: Paris", "correct"));

        var response = await cascade.GetResponseAsync(Question);

        Assert.Equal("small: Paris", response.Text);
        cascade.Dispose();
    }

    [Fact]
    public void Names_namespaces_and_documentation_come_from_the_policies()
    {
        Assert.Equal("RoutingCascade", RoutingCascade.PolicyName);
        Assert.Equal("Policies/routing.automix.yaml", RoutingCascade.PolicyFile);
        Assert.Equal("Policies/gate.automix.yaml", GateCascade.PolicyFile);
        Assert.Equal("AutoMix.IntegrationTests.Gates", typeof(GateCascade).Namespace);
        Assert.Equal("AutoMix.IntegrationTests.Cascades", typeof(RoutingCascade).Namespace);
        Assert.Equal(new[] { "default", "economy" }, new[] { RoutingCascade.OperatingPoints.Default, RoutingCascade.OperatingPoints.Economy });
        Assert.True(double.IsNaN(GateCascade.ExpectedCost));
        Assert.Contains("medium after small=2", RoutingCascade.Describe(), StringComparison.Ordinal);
    }
}
