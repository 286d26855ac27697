namespace AutoMix.Server.Configuration
{
    /// <summary>Which OpenTelemetry exporters <c>automix serve</c> runs (configuration section "AutoMix:Server:Telemetry").</summary>
    public sealed class ServerTelemetryOptions
    {
        /// <summary>
        /// Export traces and metrics over OTLP. Also on whenever <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the endpoint,
        /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (grpc or http/protobuf), headers and <c>OTEL_METRIC_EXPORT_INTERVAL</c>
        /// follow the OpenTelemetry specification (default: gRPC to http://localhost:4317).
        /// </summary>
        public bool Otlp { get; set; }

        /// <summary>Write spans and metrics to standard output (OpenTelemetry's console exporter), for local use.</summary>
        public bool Console { get; set; }

        /// <summary>
        /// Serve the metrics in Prometheus text format at <c>GET /metrics</c> (no API key: expose it to the scraper's
        /// network only).
        /// </summary>
        public bool Prometheus { get; set; }
    }
}
