using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AutoMix;
using AutoMix.LoadTest;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;
using AutoMix.Server.Configuration;
using AutoMix.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

// Bounded loopback load test of POST /v1/chat/completions (issue 7).
// The server runs in this process on 127.0.0.1 with zero-latency simulated tiers; the client sends exactly
// 10,000 measured requests over 64 connections. Added latency = endpoint latency minus the cascade's own
// execution time, measured per request in-process around the cascade. A bare passthrough endpoint on the same
// server is measured too, as the floor that loopback HTTP itself costs.
const int Requests = 10_000;
const int Concurrency = 64;
const int WarmupRequests = 512;
const string ApiKey = "sk-load-test";
var hardCap = TimeSpan.FromSeconds(120);

using var cap = new CancellationTokenSource(hardCap);
var definition = TwoTierDefinition();
var smallTier = new InstantTier("Paris (small)");
var largeTier = new InstantTier("Paris (large)");
var cascade = new AutoMixCascade(definition, new IChatClient[] { smallTier, largeTier });
var timed = new TimedCascade(cascade, Requests);

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.AddAutoMixServer(options =>
{
    options.ApiKeys.Add(ApiKey);
    options.Policies.Add(new ServedPolicy("qa", definition, timed));
});
await using var app = builder.Build();
app.MapAutoMix();
app.MapPost("/baseline", async context =>
{
    // Passthrough floor: read the body, answer a fixed completion of similar size, no cascade.
    using var reader = new System.IO.StreamReader(context.Request.Body);
    await reader.ReadToEndAsync(context.RequestAborted);
    context.Response.ContentType = "application/json; charset=utf-8";
    await context.Response.WriteAsync(BaselineBody, context.RequestAborted);
});
await app.StartAsync(cap.Token);
var baseUrl = app.Urls.Single();

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = hardCap };

try
{
    Console.WriteLine($"AutoMix serve load test: {Requests:N0} requests, {Concurrency} connections, loopback {baseUrl}, {Environment.ProcessorCount} cores, hard cap {hardCap.TotalSeconds:0} s");
    await LoadRun.RunAsync(client, "/baseline", ApiKey, Requests, WarmupRequests, Concurrency, cap.Token);
    await LoadRun.RunAsync(client, "/v1/chat/completions", ApiKey, Requests + WarmupRequests, WarmupRequests, Concurrency, cap.Token);

    var baseline = await LoadRun.RunAsync(client, "/baseline", ApiKey, Requests, Requests, Concurrency, cap.Token);
    var (smallBefore, largeBefore) = (smallTier.AnswerCalls, largeTier.AnswerCalls);
    var served = await LoadRun.RunAsync(client, "/v1/chat/completions", ApiKey, 0, Requests, Concurrency, cap.Token);

    var cascadeMs = Enumerable.Range(0, Requests).Select(i => timed.CascadeTime(i).TotalMilliseconds).ToArray();
    var addedMs = served.LatencyMs.Zip(cascadeMs, (endpoint, own) => endpoint - own).ToArray();
    var measured = cascadeMs.Count(ms => ms > 0);

    Console.WriteLine();
    Console.WriteLine("| run | requests | errors | wall (s) | throughput (req/s) | p50 (ms) | p99 (ms) |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    Row("POST /v1/chat/completions (cascade)", served);
    Row("bare passthrough endpoint (floor)", baseline);
    Console.WriteLine();
    Console.WriteLine($"routing: {smallTier.AnswerCalls - smallBefore:N0} answers from small, {largeTier.AnswerCalls - largeBefore:N0} escalations to large (expected 10,000 and 3,000)");
    Console.WriteLine($"cascade own execution time (in-process, {measured:N0} requests timed): p50 {P(cascadeMs, 50)} ms, p99 {P(cascadeMs, 99)} ms");
    Console.WriteLine($"added latency (endpoint - cascade, per request): p50 {P(addedMs, 50)} ms, p99 {P(addedMs, 99)} ms");
    Console.WriteLine($"endpoint percentile minus passthrough percentile (not per request; noisy): p50 {F(LoadRun.Percentile(served.LatencyMs, 50) - LoadRun.Percentile(baseline.LatencyMs, 50))} ms, p99 {F(LoadRun.Percentile(served.LatencyMs, 99) - LoadRun.Percentile(baseline.LatencyMs, 99))} ms");
    if (served.FirstError is not null || baseline.FirstError is not null)
    {
        Console.WriteLine($"first error: {served.FirstError ?? baseline.FirstError}");
    }

    return served.Errors + baseline.Errors == 0 && measured == Requests ? 0 : 1;
}
catch (OperationCanceledException) when (cap.IsCancellationRequested)
{
    Console.Error.WriteLine($"Load test exceeded its hard cap of {hardCap.TotalSeconds:0} s and was stopped.");
    return 2;
}
finally
{
    await app.StopAsync(CancellationToken.None);
}

static void Row(string name, LoadRun.Result result) =>
    Console.WriteLine($"| {name} | {result.LatencyMs.Length:N0} | {result.Errors} | {F(result.Wall.TotalSeconds)} | {(result.LatencyMs.Length / result.Wall.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture)} | {P(result.LatencyMs, 50)} | {P(result.LatencyMs, 99)} |");

static string P(double[] values, double percentile) => F(LoadRun.Percentile(values, percentile));

static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

static CascadeDefinition TwoTierDefinition()
{
    // Same shape as the served test policy: small (self-verified, k=3, two bins) escalating to large.
    var binning = ObservationBinning.Equal(2);
    var verifier = new VerifierSpec(VerifierMethod.SelfVerification, 3, 1.0, 0.5, binning, SourceSpan.None);
    var tiers = new[] { new CascadeTier("small", "small-model", 1, verifier), new CascadeTier("large", "large-model", 10, null) };
    var tableTiers = new[] { new TableTier("small", "small-model", 1, 0.5, 2), new TableTier("large", "large-model", 10, 0, 0) };
    var table = PolicyTableBuilder.Build(tableTiers, (_, _, bin) => bin == 1 ? TableAction.Accept : TableAction.RouteTo(1));
    return new CascadeDefinition("qa", tiers, table, new Dictionary<string, PolicyTable>());
}

internal static partial class Program
{
    private const string BaselineBody =
        "{\"id\":\"chatcmpl-baseline\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"qa\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris (baseline)\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}}";
}
