using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AutoMix.Testing.Otlp;

/// <summary>
/// An OTLP/HTTP (protobuf) collector on <c>http://127.0.0.1:{dynamic port}</c>: accepts <c>POST /v1/traces</c> and
/// <c>POST /v1/metrics</c>, decodes the export requests and keeps the spans and metric points. Point an exporter at
/// <see cref="Endpoint"/> with protocol <c>http/protobuf</c>.
/// </summary>
public sealed class LoopbackOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentQueue<OtlpMetricPoint> _points = new();

    private LoopbackOtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base address for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces and /v1/metrics).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Spans received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => _spans.ToArray();

    /// <summary>Metric points received so far (every export; cumulative sums repeat).</summary>
    public IReadOnlyList<OtlpMetricPoint> MetricPoints => _points.ToArray();

    /// <summary>Starts a receiver on a free loopback port.</summary>
    public static async Task<LoopbackOtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new LoopbackOtlpReceiver(app);
        app.UseRouting();
        app.MapPost("/v1/traces", context => receiver.ReceiveAsync(context, receiver.ReadTraces));
        app.MapPost("/v1/metrics", context => receiver.ReceiveAsync(context, receiver.ReadMetrics));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return receiver;
    }

    /// <summary>Stops the receiver; what it received stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceiveAsync(HttpContext context, Action<ProtoMessage> read)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        read(ProtoMessage.Parse(body.ToArray()));
        // An empty ExportTrace/MetricsServiceResponse: full success.
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    // ExportTraceServiceRequest.resource_spans(1) → ResourceSpans{resource(1), scope_spans(2)} → ScopeSpans{scope(1), spans(2)}
    // → Span{trace_id(1), span_id(2), parent_span_id(4), name(5), kind(6), attributes(9)}.
    private void ReadTraces(ProtoMessage request)
    {
        foreach (var resourceSpans in request.Messages(1))
        {
            var resource = Attributes(resourceSpans.Message(1), 1);
            foreach (var scopeSpans in resourceSpans.Messages(2))
            {
                var scope = scopeSpans.Message(1)?.String(1) ?? string.Empty;
                foreach (var span in scopeSpans.Messages(2))
                {
                    _spans.Enqueue(new OtlpSpan(
                        scope, span.String(5) ?? string.Empty, (int)(span.Number(6) ?? 0),
                        span.Hex(1), span.Hex(2), span.Hex(4), Attributes(span, 9), resource));
                }
            }
        }
    }

    // ExportMetricsServiceRequest.resource_metrics(1) → ResourceMetrics{scope_metrics(2)} → ScopeMetrics{scope(1), metrics(2)}
    // → Metric{name(1), gauge(5) | sum(7) | histogram(9)} → data_points(1): NumberDataPoint{as_double(4), as_int(6),
    // attributes(7)} or HistogramDataPoint{sum(5), attributes(9)}.
    private void ReadMetrics(ProtoMessage request)
    {
        foreach (var resourceMetrics in request.Messages(1))
        {
            foreach (var scopeMetrics in resourceMetrics.Messages(2))
            {
                var scope = scopeMetrics.Message(1)?.String(1) ?? string.Empty;
                foreach (var metric in scopeMetrics.Messages(2))
                {
                    var name = metric.String(1) ?? string.Empty;
                    foreach (var (field, histogram) in new[] { (5, false), (7, false), (9, true) })
                    {
                        foreach (var data in metric.Messages(field))
                        {
                            foreach (var point in data.Messages(1))
                            {
                                var value = histogram ? Double(point.Number(5)) : point.Has(4) ? Double(point.Number(4)) : (long)(point.Number(6) ?? 0);
                                _points.Enqueue(new OtlpMetricPoint(scope, name, value, Attributes(point, histogram ? 9 : 7)));
                            }
                        }
                    }
                }
            }
        }
    }

    private static double Double(ulong? bits) => bits is { } b ? BitConverter.UInt64BitsToDouble(b) : 0;

    // KeyValue{key(1), value(2): AnyValue{string(1), bool(2), int(3), double(4)}}.
    private static Dictionary<string, object?> Attributes(ProtoMessage? owner, int field)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (owner is null)
        {
            return result;
        }

        foreach (var pair in owner.Messages(field))
        {
            var value = pair.Message(2);
            result[pair.String(1) ?? string.Empty] = value switch
            {
                null => null,
                _ when value.Has(1) => value.String(1),
                _ when value.Has(2) => value.Number(2) != 0,
                _ when value.Has(3) => (long)value.Number(3)!.Value,
                _ when value.Has(4) => Double(value.Number(4)),
                _ => null,
            };
        }

        return result;
    }
}
