using System;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace AutoMix.Server.Telemetry
{
    /// <summary>Writes each finished span (name, duration, status, tags) as one log line: an exporter without exporter packages.</summary>
    public sealed class LoggingActivityExporter : BaseExporter<Activity>
    {
        /// <summary>The log category spans are written under.</summary>
        public const string Category = "AutoMix.Telemetry.Spans";

        private static readonly Action<ILogger, string, string, double, string, string, string, Exception?> LogSpan =
            LoggerMessage.Define<string, string, double, string, string, string>(
                LogLevel.Information, new EventId(100, "Span"),
                "span {Source}/{Name} {DurationMs} ms status={Status} trace={TraceId} {Tags}");

        private readonly ILogger _logger;

        public LoggingActivityExporter(ILogger logger)
        {
            _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        }

        public override ExportResult Export(in Batch<Activity> batch)
        {
            if (!_logger.IsEnabled(LogLevel.Information))
            {
                return ExportResult.Success;
            }

            foreach (var activity in batch)
            {
                var tags = new StringBuilder();
                foreach (var tag in activity.TagObjects)
                {
                    if (tags.Length > 0)
                    {
                        tags.Append(' ');
                    }

                    tags.Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture));
                }

                LogSpan(
                    _logger,
                    activity.Source.Name,
                    activity.DisplayName,
                    Math.Round(activity.Duration.TotalMilliseconds, 3),
                    activity.Status.ToString(),
                    activity.TraceId.ToHexString(),
                    tags.ToString(),
                    null);
            }

            return ExportResult.Success;
        }
    }
}
