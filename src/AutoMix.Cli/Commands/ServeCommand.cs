using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using AutoMix.Cli.Infrastructure;
using AutoMix.OpenAI;
using AutoMix.Server.Configuration;
using AutoMix.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoMix.Cli.Commands;

/// <summary>
/// <c>automix serve --policy p.automix.yaml --tier small=&lt;url&gt;,&lt;model&gt; --tier large=&lt;url&gt;,&lt;model&gt;</c>:
/// the cascades behind an OpenAI-compatible endpoint (docs/serve.md). Each policy is a model id; tiers are matched
/// by name, so several policies can share backends. Upstream keys stay server-side; clients need a key of
/// <c>AUTOMIX_API_KEYS</c> when it is set.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var policies = new Option<string[]>("--policy") { Description = "A policy file to serve (repeatable); its policy name is the model id.", Required = true, AllowMultipleArgumentsPerToken = false };
        var tiers = new Option<string[]>("--tier") { Description = "A tier backend: name=<url>,<model> (repeatable), e.g. small=http://127.0.0.1:11434/v1,llama3.1:8b.", Required = true };
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var upstreamKeyVariable = new Option<string?>("--upstream-key-env") { Description = "Environment variable holding the API key sent to the tier backends (never logged)." };
        var otlp = new Option<bool>("--otlp") { Description = "Export spans and metrics over OTLP (also on when OTEL_EXPORTER_OTLP_ENDPOINT is set; endpoint and protocol from the OTEL_* variables)." };
        var consoleTelemetry = new Option<bool>("--console-telemetry") { Description = "Write spans and metrics to standard output (OpenTelemetry console exporter)." };
        var prometheus = new Option<bool>("--prometheus") { Description = "Serve metrics for Prometheus at GET /metrics." };
        var tierTimeouts = new Option<string[]>("--tier-timeout")
        {
            Description = "Time limit of one tier visit in seconds: 'N' for every tier, 'name=N' for one (repeatable). "
                + "A tier past it escalates like a failing tier. Default 30 s (AutoMix:Server:TierTimeout).",
        };
        var command = new Command("serve", "Serve cascades behind an OpenAI-compatible endpoint (POST /v1/chat/completions, GET /v1/models, /healthz).")
        {
            policies, tiers, urls, upstreamKeyVariable, otlp, consoleTelemetry, prometheus, tierTimeouts,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keyVariable = parse.GetValue(upstreamKeyVariable);
            var upstreamKey = keyVariable is null ? null : Environment.GetEnvironmentVariable(keyVariable)
                ?? throw new CliException($"error: --upstream-key-env names '{keyVariable}', which is not set.");
            var backends = ParseTiers(parse.GetRequiredValue(tiers), upstreamKey);
            var compilations = new List<(string Path, AutoMix.Policies.Compilation.PolicyCompilation Compilation)>();
            foreach (var path in parse.GetRequiredValue(policies))
            {
                var compilation = PolicyFiles.CompileOrThrow(path, context);
                var missing = compilation.Document!.Tiers.Select(t => t.Name).Where(name => !backends.ContainsKey(name)).ToList();
                if (missing.Count > 0)
                {
                    throw new CliException($"error: {path} needs a --tier for {string.Join(", ", missing)} (name=<url>,<model>).");
                }

                compilations.Add((path, compilation));
            }

            var servedTiers = compilations.SelectMany(c => c.Compilation.Document!.Tiers.Select(t => t.Name)).ToHashSet(StringComparer.Ordinal);
            var unused = backends.Keys.Where(name => !servedTiers.Contains(name)).ToList();
            if (unused.Count > 0)
            {
                throw new CliException($"error: --tier {string.Join(", ", unused)}: no served policy has such a tier (they have {string.Join(", ", servedTiers.Order(StringComparer.Ordinal))}).");
            }

            var (allTiersTimeout, perTierTimeouts) = ParseTierTimeouts(parse.GetValue(tierTimeouts) ?? [], servedTiers);

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(parse.GetRequiredValue(urls));
            builder.Logging.ClearProviders().AddSimpleConsole(options => options.SingleLine = true);

            // ASP.NET Core logs 3-4 Information lines per request; the server's own per-request line is Debug.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

            // A failed start is reported once, as a one-line error (below); the host would also log it with a stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.AddAutoMixServer(options =>
            {
                options.TierTimeout = allTiersTimeout ?? options.TierTimeout;
                foreach (var (tier, timeout) in perTierTimeouts)
                {
                    options.TierTimeouts[tier] = timeout;
                }

                if (upstreamKey is not null)
                {
                    options.Secrets.Add(upstreamKey);
                }

                // Tiers are matched by name: each policy gets the backends of its own tiers, so policies with
                // different tier sets (quickstart: small, large; three-tier: small, medium, large) share one server.
                foreach (var (_, compilation) in compilations)
                {
                    var definition = ServedPolicy.ToDefinition(compilation);
                    var own = definition.Tiers.ToDictionary(t => t.Name, t => backends[t.Name], StringComparer.Ordinal);
                    options.Policies.Add(ServedPolicy.WithOpenAIBackends(definition, own, options.CreateCascadeOptions(definition)));
                }

                options.Telemetry.Otlp = parse.GetValue(otlp);
                options.Telemetry.Console = parse.GetValue(consoleTelemetry);
                options.Telemetry.Prometheus = parse.GetValue(prometheus);
            });
            await using var app = builder.Build();
            app.MapAutoMix();
            var served = app.Services.GetRequiredService<AutoMixServerOptions>().Policies;
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (System.IO.IOException exception)
            {
                // Kestrel could not bind (the port is taken, or not ours to use): the user's choice of --urls, not a bug.
                throw new CliException(
                    $"error: cannot listen on {parse.GetRequiredValue(urls)}: {CliException.Describe(exception)} "
                    + "Stop whatever uses that address, or choose another with --urls.");
            }

            // Only once listening: a failed bind must not have said "Serving" first.
            await context.Out.WriteLineAsync($"Serving {string.Join(", ", served.Select(p => p.Name))} on {parse.GetRequiredValue(urls)} (Ctrl+C or SIGTERM stops after in-flight requests finish).");

            // Ctrl+C or SIGTERM cancels the token; WaitForShutdownAsync then stops the host gracefully: in-flight
            // requests get up to ShutdownTimeout to finish. (The command line's own 2 s termination timeout is off,
            // see AutoMixCommandLine.)
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>'N' (seconds, every tier) and 'name=N' (one tier) entries of --tier-timeout.</summary>
    internal static (TimeSpan? AllTiers, IReadOnlyList<(string Tier, TimeSpan Timeout)> PerTier) ParseTierTimeouts(IEnumerable<string> entries, IReadOnlySet<string> knownTiers)
    {
        TimeSpan? all = null;
        var perTier = new List<(string, TimeSpan)>();
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? null : entry[..equals];
            var secondsText = equals < 0 ? entry : entry[(equals + 1)..];
            if (!double.TryParse(secondsText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                || !(seconds > 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                throw new CliException($"error: --tier-timeout '{entry}' is not 'N' or 'name=N' with N a positive number of seconds.");
            }

            if (name is null)
            {
                all = TimeSpan.FromSeconds(seconds);
            }
            else if (!knownTiers.Contains(name))
            {
                throw new CliException($"error: --tier-timeout '{entry}': no served policy has a tier '{name}'.");
            }
            else
            {
                perTier.Add((name, TimeSpan.FromSeconds(seconds)));
            }
        }

        return (all, perTier);
    }

    /// <summary>name=&lt;url&gt;,&lt;model&gt; entries into OpenAI-compatible client options keyed by tier name.</summary>
    internal static IReadOnlyDictionary<string, OpenAICompatibleClientOptions> ParseTiers(IEnumerable<string> entries, string? apiKey)
    {
        var backends = new Dictionary<string, OpenAICompatibleClientOptions>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var comma = entry.LastIndexOf(',');
            if (equals <= 0 || comma < equals + 2 || comma == entry.Length - 1)
            {
                throw new CliException($"error: --tier '{entry}' is not of the form name=<url>,<model> (e.g. small=http://127.0.0.1:11434/v1,llama3.1:8b).");
            }

            var name = entry[..equals];
            var url = entry[(equals + 1)..comma];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliException($"error: --tier '{name}': '{url}' is not an http(s) URL.");
            }

            if (!backends.TryAdd(name, new OpenAICompatibleClientOptions { Endpoint = endpoint, DefaultModelId = entry[(comma + 1)..], ApiKey = apiKey }))
            {
                throw new CliException($"error: --tier '{name}' is given twice.");
            }
        }

        return backends;
    }
}
