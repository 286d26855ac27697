using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AutoMix.LoadTest;

/// <summary>Sends a fixed number of requests from a fixed number of concurrent workers and records each latency.</summary>
internal static class LoadRun
{
    public sealed record Result(TimeSpan Wall, double[] LatencyMs, int Errors, string? FirstError);

    /// <param name="firstNumber">Request numbers are firstNumber..firstNumber+count-1 and go into the question as "#n#".</param>
    public static async Task<Result> RunAsync(HttpClient client, string path, string apiKey, int firstNumber, int count, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var wall = Stopwatch.StartNew();
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    var number = firstNumber + index;
                    var body = "{\"model\":\"qa\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},{\"role\":\"user\",\"content\":\"Question #"
                        + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "#: what is the capital of France?\"}]}";
                    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Authorization = new("Bearer", apiKey);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("Paris", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + text, null);
                        }
                    }
                    catch (HttpRequestException exception)
                    {
                        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, exception.Message, null);
                    }
                }
            }, cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return new Result(wall.Elapsed, latencies, errors, firstError);
    }

    /// <summary>Nearest-rank percentile of an unsorted sample (copied, not modified).</summary>
    public static double Percentile(double[] values, double percentile)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
