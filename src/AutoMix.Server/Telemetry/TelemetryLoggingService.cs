using System;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Server.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AutoMix.Server.Telemetry
{
    /// <summary>Owns the logging tracer and meter providers for the host's lifetime (on when AutoMixServerOptions.LogTelemetry).</summary>
    internal sealed class TelemetryLoggingService : IHostedService, IDisposable
    {
        private readonly ILoggerFactory _loggerFactory;
        private readonly AutoMixServerOptions _options;
        private TracerProvider? _tracer;
        private MeterProvider? _meter;

        public TelemetryLoggingService(ILoggerFactory loggerFactory, AutoMixServerOptions options)
        {
            _loggerFactory = loggerFactory;
            _options = options;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _tracer = AutoMixServerTelemetry.CreateLoggingTracerProvider(_loggerFactory);
            _meter = AutoMixServerTelemetry.CreateLoggingMeterProvider(_loggerFactory, _options.TelemetryLogInterval);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            // Flush the last metrics summary before the host's loggers go away.
            _meter?.ForceFlush(5000);
            _tracer?.ForceFlush(5000);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            _tracer?.Dispose();
            _meter?.Dispose();
        }
    }
}
