using System;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AutoMix.Server.Telemetry
{
    /// <summary>Writes a summary line per instrument (sums, gauges, histogram count/sum/mean) on each collection.</summary>
    public sealed class LoggingMetricExporter : BaseExporter<Metric>
    {
        /// <summary>The log category metrics are written under.</summary>
        public const string Category = "AutoMix.Telemetry.Metrics";

        private static readonly Action<ILogger, string, string, string, string, Exception?> LogMetric =
            LoggerMessage.Define<string, string, string, string>(
                LogLevel.Information, new EventId(101, "Metric"), "metric {Meter}/{Name} ({Unit}) {Points}");

        private readonly ILogger _logger;

        public LoggingMetricExporter(ILogger logger)
        {
            _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            if (!_logger.IsEnabled(LogLevel.Information))
            {
                return ExportResult.Success;
            }

            foreach (var metric in batch)
            {
                var points = new StringBuilder();
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    if (points.Length > 0)
                    {
                        points.Append("; ");
                    }

                    AppendTags(points, point);
                    points.Append(Describe(metric.MetricType, point));
                }

                if (points.Length > 0)
                {
                    LogMetric(_logger, metric.MeterName, metric.Name, metric.Unit ?? string.Empty, points.ToString(), null);
                }
            }

            return ExportResult.Success;
        }

        private static void AppendTags(StringBuilder builder, in MetricPoint point)
        {
            var any = false;
            foreach (var tag in point.Tags)
            {
                builder.Append(any ? "," : "[").Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
                any = true;
            }

            if (any)
            {
                builder.Append("] ");
            }
        }

        private static string Describe(MetricType type, in MetricPoint point)
        {
            switch (type)
            {
                case MetricType.LongSum:
                case MetricType.LongSumNonMonotonic:
                    return "sum=" + point.GetSumLong().ToString(CultureInfo.InvariantCulture);
                case MetricType.DoubleSum:
                case MetricType.DoubleSumNonMonotonic:
                    return "sum=" + point.GetSumDouble().ToString("G6", CultureInfo.InvariantCulture);
                case MetricType.LongGauge:
                    return "value=" + point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture);
                case MetricType.DoubleGauge:
                    return "value=" + point.GetGaugeLastValueDouble().ToString("G6", CultureInfo.InvariantCulture);
                case MetricType.Histogram:
                case MetricType.ExponentialHistogram:
                    var count = point.GetHistogramCount();
                    var sum = point.GetHistogramSum();
                    var mean = count == 0 ? 0 : sum / count;
                    return string.Format(CultureInfo.InvariantCulture, "count={0} sum={1:G6} mean={2:G6}", count, sum, mean);
                default:
                    return "type=" + type.ToString();
            }
        }
    }
}
