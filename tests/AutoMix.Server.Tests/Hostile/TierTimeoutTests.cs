using System.Net;
using System.Text.Json;
using AutoMix.Server.Configuration;
using AutoMix.Server.Tests.Infrastructure;

namespace AutoMix.Server.Tests.Hostile;

/// <summary>A hanging tier times out and the documented failure policy applies: escalate to the next tier.</summary>
public sealed class TierTimeoutTests
{
    [Fact]
    public void The_default_tier_timeout_leaves_room_for_the_next_tier_within_the_request_deadline()
    {
        var options = new AutoMixServerOptions();

        Assert.True(options.TierTimeout * 2 <= options.RequestTimeout, $"{options.TierTimeout} vs {options.RequestTimeout}");
        Assert.Equal(options.TierTimeout, options.CreateCascadeOptions(TestCascades.TwoTier()).TierTimeout);
    }

    [Fact]
    public void Per_tier_timeouts_apply_only_to_the_tiers_a_policy_has()
    {
        var options = new AutoMixServerOptions { TierTimeouts = { ["small"] = TimeSpan.FromSeconds(3), ["medium"] = TimeSpan.FromSeconds(4) } };

        var cascade = options.CreateCascadeOptions(TestCascades.TwoTier());

        Assert.Equal(new Dictionary<string, TimeSpan> { ["small"] = TimeSpan.FromSeconds(3) }, cascade.TierTimeouts);
    }

    [Fact]
    public async Task A_hanging_small_tier_falls_back_to_the_large_tier()
    {
        var small = new ScriptedTier("Lyon") { Gate = new TaskCompletionSource() }; // never answers
        var large = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartAsync(options =>
        {
            options.TierTimeout = TimeSpan.FromMilliseconds(200);
            var definition = TestCascades.TwoTier();
            options.Policies.Add(new ServedPolicy(definition, new Microsoft.Extensions.AI.IChatClient[] { small, large }, options.CreateCascadeOptions(definition)));
        });

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("large", Http.Header(response, "x-automix-tier"));
        Assert.Equal(1, large.AnswerCalls);
        var steps = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("automix").GetProperty("steps");
        Assert.Equal("tier_timeout", steps[0].GetProperty("error").GetString());
    }
}
