using System.Collections.Concurrent;
using System.Diagnostics;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;
using static AutoMix.Tests.Integration.OfficialOpenAIClientTests;

namespace AutoMix.Tests.Integration;

/// <summary>
/// Tiers composed the way Microsoft.Extensions.AI users compose: <see cref="ChatClientBuilder"/> pipelines with
/// <c>UseOpenTelemetry()</c> and <c>UseDistributedCache()</c> over the official OpenAI client, and DI through
/// <c>AddKeyedChatClient</c>.
/// </summary>
public class PipelineTierTests
{
    private static IDistributedCache NewCache() => new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));

    /// <summary>Verdicts alternate correct/incorrect per verification request, so 8 samples hold 4 of each.</summary>
    private static Func<ChatCompletionRequest, ChatCompletionReply> AlternatingVerdicts()
    {
        var verdicts = 0;
        return request =>
            request.Model == "large" ? ChatCompletionReply.Text("Paris")
            : IsVerification(request) ? ChatCompletionReply.Text(Interlocked.Increment(ref verdicts) % 2 == 0 ? Correct : Incorrect)
            : ChatCompletionReply.Text("Lyon");
    }

    private static IChatClient Pipeline(LoopbackOpenAIServer server, string model, IDistributedCache cache, string sourceName) =>
        new ChatClientBuilder(Official(server, model))
            .UseOpenTelemetry(sourceName: sourceName)
            .UseDistributedCache(cache)
            .Build();

    [Fact]
    public async Task Cached_verification_keeps_k_distinct_samples_and_replays_them()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(AlternatingVerdicts());
        var cache = NewCache();
        var tiers = new[] { new CascadeTier("small", "small", 1, Verifier(samples: 8, cost: 1)), new CascadeTier("large", "large", 20, null) };
        var cascade = new AutoMixCascade(
            Definition(tiers, Threshold(tiers, acceptFrom: 6)),
            new[] { Pipeline(server, "small", cache, "tiers.cache"), Pipeline(server, "large", cache, "tiers.cache") });

        var first = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);
        var requestsAfterFirst = server.Requests.Count;
        var second = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        // Each sample is its own cache entry (the cascade names samples on a tier with a cache): the first run draws
        // 8 samples from the server, the second replays the same 8 from the cache instead of one answer 8 times.
        var firstVerdicts = first.Trace.Steps[0].Samples.Select(s => s.Verdict).ToArray();
        var secondVerdicts = second.Trace.Steps[0].Samples.Select(s => s.Verdict).ToArray();
        Assert.Equal(4, firstVerdicts.Count(v => v == true));
        Assert.Equal(firstVerdicts, secondVerdicts);
        Assert.Equal(0.5, second.Trace.Steps[0].Confidence);
        Assert.Equal(requestsAfterFirst, server.Requests.Count);
        Assert.Equal(1 + 8 + 1, requestsAfterFirst);
        Assert.Equal("Paris", second.Response.Text);
    }

    [Fact]
    public async Task Tier_spans_nest_under_the_cascade_and_parent_the_pipeline_spans()
    {
        const string source = "tiers.otel";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is AutoMixTelemetry.SourceName or source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await LoopbackOpenAIServer.StartAsync(AlternatingVerdicts());
        var tiers = new[] { new CascadeTier("small", "small", 1, Verifier(samples: 4, cost: 1)), new CascadeTier("large", "large", 20, null) };
        var cascade = new AutoMixCascade(
            Definition(tiers, Threshold(tiers, acceptFrom: 4)),
            new[] { Pipeline(server, "small", NewCache(), source), Pipeline(server, "large", NewCache(), source) });

        using var outer = new Activity("test").Start();
        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);
        outer.Stop();

        var mine = spans.Where(a => a.TraceId == outer.TraceId).ToArray();
        var root = Assert.Single(mine, a => a.OperationName == AutoMixTelemetry.CascadeActivityName);
        var tierSpans = mine.Where(a => a.OperationName == AutoMixTelemetry.TierActivityName).ToArray();
        Assert.Equal(2, tierSpans.Length);
        Assert.All(tierSpans, t => Assert.Equal(root.SpanId, t.ParentSpanId));
        var chatSpans = mine.Where(a => a.Source.Name == source).ToArray();
        var smallSpan = Assert.Single(tierSpans, t => (string?)t.GetTagItem(AutoMixTelemetry.TierAttribute) == "small");
        var largeSpan = Assert.Single(tierSpans, t => (string?)t.GetTagItem(AutoMixTelemetry.TierAttribute) == "large");
        Assert.Equal(1 + 4, chatSpans.Count(c => c.ParentSpanId == smallSpan.SpanId));
        Assert.Equal(1, chatSpans.Count(c => c.ParentSpanId == largeSpan.SpanId));
        Assert.Equal(1 + 4 + 1, chatSpans.Length);
        Assert.All(chatSpans, c => Assert.Equal("chat", c.GetTagItem("gen_ai.operation.name")));
        Assert.Equal("openai", smallSpan.GetTagItem(AutoMixTelemetry.SystemAttribute));
        Assert.Equal(1, result.Trace.AnsweringTier);
    }

    [Fact]
    public async Task Cascade_resolves_tiers_registered_with_AddKeyedChatClient()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(AlternatingVerdicts());
        var tiers = new[] { new CascadeTier("small", "small", 1, Verifier(samples: 2, cost: 1)), new CascadeTier("large", "large", 20, null) };
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        services.AddKeyedChatClient("small", _ => Official(server, "small")).UseDistributedCache();
        services.AddKeyedChatClient("large", _ => Official(server, "large")).UseDistributedCache();
        services.AddAutoMixCascade(Definition(tiers, Threshold(tiers, acceptFrom: 2)));
        await using var provider = services.BuildServiceProvider();

        var cascade = provider.GetRequiredService<AutoMixCascade>();
        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        // One of two verdicts correct: confidence 0.5, bin 1 < 2, answered by the large tier.
        Assert.Equal("Paris", response.Text);
        Assert.Equal(0.5, response.GetCascadeTrace()!.Steps[0].Confidence);
        Assert.Same(cascade, provider.GetRequiredService<IChatClient>());
    }
}
