using System;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.Extensions.Logging;

namespace AutoMix.Server.Telemetry
{
    /// <summary>
    /// The telemetry sources a served cascade produces, and an ILogger-backed pipeline for them. OTLP/console
    /// exporter packages are not available to this project, so spans and a periodic metrics summary go to the log.
    /// </summary>
    public static class AutoMixServerTelemetry
    {
        /// <summary>The runtime's ActivitySource and Meter (cascade runs, tier visits, verifier calls).</summary>
        public const string AutoMixSource = "AutoMix";

        /// <summary>ASP.NET Core's ActivitySource: one "Microsoft.AspNetCore.Hosting.HttpRequestIn" span per request.</summary>
        public const string AspNetCoreSource = "Microsoft.AspNetCore";

        /// <summary>ASP.NET Core hosting meter: http.server.request.duration, http.server.active_requests.</summary>
        public const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

        /// <summary>Kestrel meter: kestrel.active_connections, kestrel.connection.duration, kestrel.queued_connections, ...</summary>
        public const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";

        /// <summary>Every ActivitySource a served cascade emits spans on.</summary>
        public static readonly string[] ActivitySources = { AutoMixSource, AspNetCoreSource };

        /// <summary>Every Meter a served cascade records on.</summary>
        public static readonly string[] Meters = { AutoMixSource, AspNetCoreHostingMeter, KestrelMeter };

        /// <summary>A tracer provider for <see cref="ActivitySources"/> that logs every finished span.</summary>
        public static TracerProvider CreateLoggingTracerProvider(ILoggerFactory loggerFactory)
        {
            if (loggerFactory is null)
            {
                throw new ArgumentNullException(nameof(loggerFactory));
            }

            return Sdk.CreateTracerProviderBuilder()
                .AddSource(ActivitySources)
                .AddProcessor(new SimpleActivityExportProcessor(new LoggingActivityExporter(loggerFactory.CreateLogger(LoggingActivityExporter.Category))))
                .Build()
                ?? throw new InvalidOperationException("OpenTelemetry did not build a tracer provider.");
        }

        /// <summary>A meter provider for <see cref="Meters"/> that logs a summary of every instrument each <paramref name="interval"/>.</summary>
        public static MeterProvider CreateLoggingMeterProvider(ILoggerFactory loggerFactory, TimeSpan interval)
        {
            if (loggerFactory is null)
            {
                throw new ArgumentNullException(nameof(loggerFactory));
            }

            if (interval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "The metrics log interval must be positive.");
            }

            var exporter = new LoggingMetricExporter(loggerFactory.CreateLogger(LoggingMetricExporter.Category));
            var reader = new PeriodicExportingMetricReader(exporter, (int)Math.Min(int.MaxValue, interval.TotalMilliseconds))
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
            };
            return Sdk.CreateMeterProviderBuilder()
                .AddMeter(Meters)
                .AddReader(reader)
                .Build()
                ?? throw new InvalidOperationException("OpenTelemetry did not build a meter provider.");
        }
    }
}
