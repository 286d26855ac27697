using System.Collections.Concurrent;
using System.Diagnostics;
using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Telemetry;

public class UnverifiedTierTelemetryTests
{
    [Fact]
    public async Task A_tier_accepted_without_verification_is_tagged_accept_unverified_with_its_tier_cost()
    {
        var name = "unverified-" + Guid.NewGuid().ToString("N");
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AutoMixTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var tiers = ThreeTiers(samples: 4);
        var table = Table(tiers, 1, _ => false, (_, _) => TableAction.Accept);
        var clients = new[] { new FakeChatClient("small-model"), new FakeChatClient("medium-model", "m"), new FakeChatClient("large-model") };
        var cascade = new AutoMixCascade(Definition(tiers, table, name: name), clients);

        await cascade.RunAsync(Question());

        var cascadeSpan = Assert.Single(activities, a => a.OperationName == AutoMixTelemetry.CascadeActivityName && (string?)a.GetTagItem(AutoMixTelemetry.CascadeAttribute) == name);
        Assert.Equal("medium", cascadeSpan.GetTagItem(AutoMixTelemetry.AnsweringTierAttribute));
        var tierSpan = Assert.Single(activities, a => a.OperationName == AutoMixTelemetry.TierActivityName && a.ParentSpanId == cascadeSpan.SpanId);
        Assert.Equal("medium", tierSpan.GetTagItem(AutoMixTelemetry.TierAttribute));
        Assert.Equal("accept_unverified", tierSpan.GetTagItem(AutoMixTelemetry.ActionAttribute));
        Assert.Equal(5.0, tierSpan.GetTagItem(AutoMixTelemetry.CostAttribute));
        Assert.Null(tierSpan.GetTagItem(AutoMixTelemetry.ConfidenceAttribute));
    }
}
