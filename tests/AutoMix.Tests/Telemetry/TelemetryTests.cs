using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Telemetry;

public class TelemetryTests
{
    [Fact]
    public async Task Cascade_and_tier_activities_carry_genai_and_automix_attributes()
    {
        var name = "telemetry-" + Guid.NewGuid().ToString("N");
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AutoMixTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Correct, Incorrect } };
        var large = new FakeChatClient("large-model") { ProviderName = "openai" };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3), name: name), new[] { small, large });

        await cascade.RunAsync(Question());

        var cascadeSpan = Assert.Single(activities, a => a.OperationName == AutoMixTelemetry.CascadeActivityName && (string?)a.GetTagItem(AutoMixTelemetry.CascadeAttribute) == name);
        Assert.Equal("chat", cascadeSpan.GetTagItem(AutoMixTelemetry.OperationNameAttribute));
        Assert.Equal("large", cascadeSpan.GetTagItem(AutoMixTelemetry.AnsweringTierAttribute));
        Assert.Equal(21.5, cascadeSpan.GetTagItem(AutoMixTelemetry.CostAttribute));

        var tierSpans = activities.Where(a => a.OperationName == AutoMixTelemetry.TierActivityName && a.ParentSpanId == cascadeSpan.SpanId).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, tierSpans.Count);
        var smallSpan = tierSpans[0];
        Assert.Equal("chat", smallSpan.GetTagItem(AutoMixTelemetry.OperationNameAttribute));
        Assert.Equal("small-model", smallSpan.GetTagItem(AutoMixTelemetry.RequestModelAttribute));
        Assert.Equal("small-model", smallSpan.GetTagItem(AutoMixTelemetry.ResponseModelAttribute));
        Assert.Equal("fake", smallSpan.GetTagItem(AutoMixTelemetry.SystemAttribute));
        Assert.Equal(50L, smallSpan.GetTagItem(AutoMixTelemetry.InputTokensAttribute));
        Assert.Equal(10L, smallSpan.GetTagItem(AutoMixTelemetry.OutputTokensAttribute));
        Assert.Equal("small", smallSpan.GetTagItem(AutoMixTelemetry.TierAttribute));
        Assert.Equal(0.5, smallSpan.GetTagItem(AutoMixTelemetry.ConfidenceAttribute));
        Assert.Equal(2, smallSpan.GetTagItem(AutoMixTelemetry.BinAttribute));
        Assert.Equal("route:1", smallSpan.GetTagItem(AutoMixTelemetry.ActionAttribute));
        Assert.Equal(1.5, smallSpan.GetTagItem(AutoMixTelemetry.CostAttribute));
        Assert.Equal("openai", tierSpans[1].GetTagItem(AutoMixTelemetry.SystemAttribute));
        Assert.Equal("answer", tierSpans[1].GetTagItem(AutoMixTelemetry.ActionAttribute));
    }

    [Fact]
    public async Task Counters_and_confidence_histogram_are_reported()
    {
        var name = "metrics-" + Guid.NewGuid().ToString("N");
        var longs = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        var doubles = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AutoMixTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => longs.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => doubles.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();

        var tiers = TwoTiers(samples: 4);
        var small = new FakeChatClient("small-model") { Verdicts = new[] { Correct, Incorrect } };
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 3), name: name), new[] { small, new FakeChatClient("large-model") });

        await cascade.RunAsync(Question());
        await cascade.RunAsync(Question());

        bool Ours(Dictionary<string, object?> tags) => (string?)tags.GetValueOrDefault(AutoMixTelemetry.CascadeAttribute) == name;
        var queries = longs.Where(m => m.Instrument == AutoMixTelemetry.QueriesCounterName && Ours(m.Tags)).ToList();
        Assert.Equal(2, queries.Sum(m => m.Value));
        Assert.All(queries, q => Assert.Equal("large", q.Tags[AutoMixTelemetry.AnsweringTierAttribute]));

        var escalations = longs.Where(m => m.Instrument == AutoMixTelemetry.EscalationsCounterName && Ours(m.Tags)).ToList();
        Assert.Equal(2, escalations.Sum(m => m.Value));
        Assert.All(escalations, e => Assert.Equal("route", e.Tags[AutoMixTelemetry.ReasonAttribute]));

        var cost = doubles.Where(m => m.Instrument == AutoMixTelemetry.CostCounterName && Ours(m.Tags)).Sum(m => m.Value);
        Assert.Equal(2 * 21.5, cost);

        var confidences = doubles.Where(m => m.Instrument == AutoMixTelemetry.ConfidenceHistogramName && Ours(m.Tags)).ToList();
        Assert.Equal(new[] { 0.5, 0.5 }, confidences.Select(c => c.Value));
        Assert.All(confidences, c => Assert.Equal("small", c.Tags[AutoMixTelemetry.TierAttribute]));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        return dictionary;
    }
}
