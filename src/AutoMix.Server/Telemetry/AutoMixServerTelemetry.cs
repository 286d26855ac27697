using System;
using AutoMix.Server.Configuration;
using AutoMix.Server.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AutoMix.Server.Telemetry
{
    /// <summary>
    /// The telemetry a served cascade produces, exported through the official OpenTelemetry pipeline
    /// (OpenTelemetry.Extensions.Hosting): OTLP, the console exporter, a Prometheus scraping endpoint.
    /// </summary>
    public static class AutoMixServerTelemetry
    {
        /// <summary>The runtime's ActivitySource and Meter (cascade runs, tier visits, verifier calls).</summary>
        public const string AutoMixSource = "AutoMix";

        /// <summary>The service name reported when OTEL_SERVICE_NAME is not set.</summary>
        public const string DefaultServiceName = "automix-serve";

        /// <summary>Every ActivitySource of the served cascades (ASP.NET Core's server spans come from its instrumentation).</summary>
        public static readonly string[] ActivitySources = { AutoMixSource };

        /// <summary>Every Meter of the served cascades (ASP.NET Core's and Kestrel's meters come from its instrumentation).</summary>
        public static readonly string[] Meters = { AutoMixSource };

        /// <summary>
        /// Registers OpenTelemetry tracing and metrics for the AutoMix sources and ASP.NET Core (whose server span is the
        /// parent of each request's <c>automix.cascade</c> span), with the exporters <paramref name="options"/> asks
        /// for. OTLP is on when asked or when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or its traces/metrics variant) is
        /// configured; its endpoint, protocol, headers and the metric interval come from the standard
        /// <c>OTEL_*</c> settings, read from the host's configuration (environment variables included).
        /// </summary>
        /// <returns>False when no exporter is on (nothing registered).</returns>
        /// <param name="redactor">Applied to every span before any exporter sees it (upstream errors can echo keys); null: none.</param>
        public static bool AddAutoMixOpenTelemetry(this WebApplicationBuilder builder, ServerTelemetryOptions options, SecretRedactor? redactor = null)
        {
            if (builder is null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var otlp = options.Otlp || IsOtlpConfigured(builder.Configuration);
            if (!otlp && !options.Console && !options.Prometheus)
            {
                return false;
            }

            var serviceNameSet = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource =>
                {
                    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the SDK; only fill the gap.
                    if (!serviceNameSet)
                    {
                        resource.AddService(DefaultServiceName);
                    }
                })
                .WithTracing(tracing =>
                {
                    tracing.AddSource(ActivitySources).AddAspNetCoreInstrumentation();
                    if (redactor is not null)
                    {
                        // Added before the exporters, so it runs first on every finished span.
                        tracing.AddProcessor(new RedactingActivityProcessor(redactor));
                    }

                    if (otlp)
                    {
                        tracing.AddOtlpExporter();
                    }

                    if (options.Console)
                    {
                        tracing.AddConsoleExporter();
                    }
                })
                .WithMetrics(metrics =>
                {
                    metrics.AddMeter(Meters).AddAspNetCoreInstrumentation();
                    if (otlp)
                    {
                        metrics.AddOtlpExporter();
                    }

                    if (options.Console)
                    {
                        metrics.AddConsoleExporter();
                    }

                    if (options.Prometheus)
                    {
                        metrics.AddPrometheusExporter();
                    }
                });
            return true;
        }

        private static bool IsOtlpConfigured(IConfiguration configuration) =>
            !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);
    }
}
