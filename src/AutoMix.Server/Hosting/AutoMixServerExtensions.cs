using System;
using System.Threading.Tasks;
using AutoMix.Server.Protocol;
using AutoMix.Server.Configuration;
using AutoMix.Server.Endpoints;
using AutoMix.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace AutoMix.Server.Hosting
{
    /// <summary>Wires the AutoMix OpenAI-compatible server into an ASP.NET Core application.</summary>
    public static class AutoMixServerExtensions
    {
        /// <summary>
        /// Registers the server: binds "AutoMix:Server" from configuration, adds keys from AUTOMIX_API_KEYS, applies
        /// <paramref name="configure"/> (add the served policies there), validates, and sets Kestrel's body limit and
        /// the host's shutdown timeout. Call <see cref="MapAutoMix"/> on the built app.
        /// </summary>
        public static WebApplicationBuilder AddAutoMixServer(this WebApplicationBuilder builder, Action<AutoMixServerOptions> configure)
        {
            if (builder is null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (configure is null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            var options = new AutoMixServerOptions();
            builder.Configuration.GetSection(AutoMixServerOptions.ConfigurationSection).Bind(options);
            options.AddApiKeys(builder.Configuration[AutoMixServerOptions.ApiKeysEnvironmentVariable]);
            options.AddApiKeys(Environment.GetEnvironmentVariable(AutoMixServerOptions.ApiKeysEnvironmentVariable));
            configure(options);
            options.Validate();

            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(sp => new ServedPolicyCatalog(sp.GetRequiredService<AutoMixServerOptions>().Policies));
            builder.Services.AddSingleton(sp => new ApiKeyValidator(sp.GetRequiredService<AutoMixServerOptions>().ApiKeys));
            builder.Services.AddSingleton<ChatCompletionsEndpoint>();
            builder.Services.AddSingleton<ModelsEndpoint>();
            builder.Services.AddSingleton<HealthEndpoint>();
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                kestrel.Limits.MinRequestBodyDataRate = options.MinRequestBodyBytesPerSecond > 0
                    ? new MinDataRate(options.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5))
                    : null;
            });
            builder.AddAutoMixOpenTelemetry(options.Telemetry, options.CreateRedactor());

            return builder;
        }

        /// <summary>
        /// Maps POST /v1/chat/completions, GET /v1/models, GET /v1/models/{id} and GET /healthz, and answers any
        /// other /v1 path with an OpenAI-shaped 404.
        /// Requires <see cref="AddAutoMixServer"/>.
        /// </summary>
        public static IEndpointConventionBuilder MapAutoMix(this IEndpointRouteBuilder endpoints)
        {
            if (endpoints is null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            var services = endpoints.ServiceProvider;
            var chat = services.GetService<ChatCompletionsEndpoint>()
                ?? throw new InvalidOperationException("MapAutoMix needs the AutoMix server services: call builder.AddAutoMixServer(...) first.");
            var models = services.GetRequiredService<ModelsEndpoint>();
            var health = services.GetRequiredService<HealthEndpoint>();
            if (!services.GetRequiredService<ApiKeyValidator>().IsEnabled)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger("AutoMix.Server").LogWarning(
                    "AutoMix server: no API key is configured (AutoMix:Server:ApiKeys or {Variable}); every request is accepted. Serve on loopback only.",
                    AutoMixServerOptions.ApiKeysEnvironmentVariable);
            }

            var group = endpoints.MapGroup(string.Empty);
            group.MapPost("/v1/chat/completions", chat.HandleAsync);
            group.MapGet("/v1/models", models.ListAsync);
            group.MapGet("/v1/models/{id}", models.GetAsync);
            group.MapGet("/healthz", health.HandleAsync);
            group.MapFallback("/v1/{**path}", UnknownEndpointAsync);
            if (services.GetRequiredService<AutoMixServerOptions>().Telemetry.Prometheus)
            {
                endpoints.MapPrometheusScrapingEndpoint();
            }

            return group;
        }

        /// <summary>Anything else under /v1 gets an OpenAI-shaped 404 naming what is served, not an empty body.</summary>
        private static Task UnknownEndpointAsync(HttpContext context)
        {
            var message = $"There is no endpoint {context.Request.Method} {context.Request.Path}. This server serves POST /v1/chat/completions, GET /v1/models and GET /v1/models/{{id}}.";
            return HttpResponses.WriteErrorAsync(context, new OpenAIError(404, message, "invalid_request_error", null, "unknown_url"), context.RequestAborted);
        }
    }
}
