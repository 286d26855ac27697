using System.Collections.Generic;

namespace AutoMix.Testing.Otlp;

/// <summary>A span as received over OTLP: scope (ActivitySource) name, ids as hex, kind (2 = server), attributes.</summary>
public sealed record OtlpSpan(
    string Scope, string Name, int Kind, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, object?> Attributes, IReadOnlyDictionary<string, object?> Resource);

/// <summary>One data point of a metric as received over OTLP (sums and gauges: the value; histograms: the sum).</summary>
public sealed record OtlpMetricPoint(string Scope, string Metric, double Value, IReadOnlyDictionary<string, object?> Attributes);
