using AutoMix.Server.Configuration;
using AutoMix.Server.Tests.Infrastructure;
using AutoMix.Testing.Otlp;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace AutoMix.Server.Tests.Configuration;

/// <summary>
/// The official OpenTelemetry pipeline of the server: OTLP/HTTP export to a loopback collector configured the standard
/// way (OTEL_EXPORTER_OTLP_* settings), ASP.NET Core server spans as parents of the cascade spans, and Prometheus.
/// </summary>
public sealed class TelemetryTests
{
    private static ServedPolicy TwoTier() =>
        new(TestCascades.TwoTier(), new IChatClient[] { new ScriptedTier("Paris"), new ScriptedTier("Paris") });

    [Fact]
    public async Task Spans_and_metrics_arrive_over_otlp_http_with_the_genai_attributes()
    {
        await using var collector = await LoopbackOtlpReceiver.StartAsync();
        var server = await RunningServer.StartAsync(
            o => o.Policies.Add(TwoTier()),
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Exactly what an operator sets as environment variables; OTLP turns on because an endpoint is set.
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "automix-test",
            }));
        // ActivitySources and Meters are process-wide, so other tests' cascades reach this exporter too: this
        // request carries its own W3C trace id and the spans are picked by it.
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        try
        {
            using var chat = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Http.Json(Http.SimpleRequest) };
            chat.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await server.Client.SendAsync(chat, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            // Stopping the host flushes the batched spans and the last metric export.
            await server.DisposeAsync();
        }

        var spans = collector.Spans.Where(s => s.TraceId == traceId).ToArray();
        var cascade = Assert.Single(spans, s => s.Name == AutoMixTelemetry.CascadeActivityName);
        Assert.Equal("AutoMix", cascade.Scope);
        Assert.Equal("automix-test", cascade.Resource["service.name"]);
        Assert.Equal("small", cascade.Attributes[AutoMixTelemetry.AnsweringTierAttribute]);

        // The ASP.NET Core server span (kind 2) is the parent of the cascade span, in the same trace.
        var request = Assert.Single(spans, s => s.SpanId == cascade.ParentSpanId);
        Assert.Equal(2, request.Kind);
        Assert.Equal("Microsoft.AspNetCore", request.Scope);
        Assert.Equal(cascade.TraceId, request.TraceId);

        // Tier spans are named "chat {model}" after the GenAI conventions (their operation name is automix.tier).
        var tier = Assert.Single(spans, s => s.ParentSpanId == cascade.SpanId);
        Assert.Equal("chat small-model", tier.Name);
        Assert.Equal(3, tier.Kind); // client
        Assert.Equal("chat", tier.Attributes[AutoMixTelemetry.OperationNameAttribute]);
        Assert.Equal("small-model", tier.Attributes[AutoMixTelemetry.RequestModelAttribute]);
        Assert.True(tier.Attributes.ContainsKey(AutoMixTelemetry.SystemAttribute));
        Assert.Equal("small", tier.Attributes[AutoMixTelemetry.TierAttribute]);

        var cost = collector.MetricPoints.Last(p => p.Metric == AutoMixTelemetry.CostCounterName && (string?)p.Attributes[AutoMixTelemetry.TierAttribute] == "small");
        Assert.Equal("AutoMix", cost.Scope);
        Assert.True(cost.Value > 0);
        Assert.Equal("small-model", cost.Attributes[AutoMixTelemetry.RequestModelAttribute]);
        Assert.Contains(collector.MetricPoints, p => p.Metric == "http.server.request.duration");
    }

    [Fact]
    public async Task Prometheus_scrapes_the_cascade_metrics()
    {
        var server = await RunningServer.StartAsync(o =>
        {
            o.Policies.Add(TwoTier());
            o.Telemetry.Prometheus = true;
        });
        await using (server)
        {
            using (var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }

            var text = await server.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

            Assert.Contains("automix_queries", text, StringComparison.Ordinal);
            Assert.Contains("automix_cost", text, StringComparison.Ordinal);
            Assert.Contains("tier=\"small\"", text.Replace("automix_tier", "tier", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_an_exporter_no_pipeline_is_registered()
    {
        await using var server = await RunningServer.StartAsync(o => o.Policies.Add(TwoTier()));

        Assert.Null(server.App.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)));
        using var metrics = await server.Client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, metrics.StatusCode);
    }
}
