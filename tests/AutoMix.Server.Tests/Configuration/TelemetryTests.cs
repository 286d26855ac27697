using AutoMix.Server.Configuration;
using AutoMix.Server.Telemetry;
using AutoMix.Server.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AutoMix.Server.Tests.Configuration;

/// <summary>With LogTelemetry on, the runtime's and ASP.NET Core's spans and metrics reach the log.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Spans_and_metrics_of_a_request_are_logged()
    {
        var logs = new CapturingLoggerProvider();
        var server = await RunningServer.StartAsync(
            o =>
            {
                o.Policies.Add(new ServedPolicy(TestCascades.TwoTier(), new IChatClient[] { new ScriptedTier("Paris"), new ScriptedTier("Paris") }));
                o.LogTelemetry = true;
                o.TelemetryLogInterval = TimeSpan.FromMinutes(10);
            },
            builder => builder.Logging.AddProvider(logs));
        try
        {
            using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            // Stopping flushes the metrics summary.
            await server.DisposeAsync();
        }

        var spans = logs.Records.Where(r => r.Category == LoggingActivityExporter.Category).Select(r => r.Message).ToArray();
        var metrics = logs.Records.Where(r => r.Category == LoggingMetricExporter.Category).Select(r => r.Message).ToArray();
        Assert.Contains(spans, m => m.StartsWith("span AutoMix/", StringComparison.Ordinal) && m.Contains("automix.answering_tier=small", StringComparison.Ordinal));
        Assert.Contains(spans, m => m.StartsWith("span Microsoft.AspNetCore/", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.StartsWith("metric Microsoft.AspNetCore.Hosting/http.server.request.duration", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.StartsWith("metric AutoMix/", StringComparison.Ordinal));
    }
}
