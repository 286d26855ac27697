using System;
using System.Text.Json;
using System.Threading.Tasks;
using AutoMix.Server.Configuration;
using AutoMix.Server.Hosting;
using AutoMix.Server.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AutoMix.Server.Endpoints
{
    /// <summary>GET /v1/models and /v1/models/{id}: each served policy as an OpenAI model, with its operating points and tiers.</summary>
    internal sealed class ModelsEndpoint
    {
        private readonly ServedPolicyCatalog _catalog;
        private readonly ApiKeyValidator _keys;
        private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public ModelsEndpoint(ServedPolicyCatalog catalog, ApiKeyValidator keys)
        {
            _catalog = catalog;
            _keys = keys;
        }

        public async Task ListAsync(HttpContext context)
        {
            if (await RefuseUnauthorizedAsync(context).ConfigureAwait(false))
            {
                return;
            }

            await HttpResponses.WriteJsonAsync(
                context,
                writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("object", "list");
                    writer.WriteStartArray("data");
                    foreach (var policy in _catalog.Policies)
                    {
                        WriteModel(writer, policy);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                },
                context.RequestAborted).ConfigureAwait(false);
        }

        public async Task GetAsync(HttpContext context)
        {
            if (await RefuseUnauthorizedAsync(context).ConfigureAwait(false))
            {
                return;
            }

            var id = context.Request.RouteValues["id"] as string ?? string.Empty;
            if (!_catalog.TryGet(id, out var policy))
            {
                var error = new OpenAIError(404, $"The model '{id}' is not served here. Served models: {_catalog.ServedModelList}.", "invalid_request_error", "model", "model_not_found");
                await HttpResponses.WriteErrorAsync(context, error, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await HttpResponses.WriteJsonAsync(context, writer => WriteModel(writer, policy), context.RequestAborted).ConfigureAwait(false);
        }

        private void WriteModel(Utf8JsonWriter writer, ServedPolicy policy)
        {
            writer.WriteStartObject();
            writer.WriteString("id", policy.Name);
            writer.WriteString("object", "model");
            writer.WriteNumber("created", _created);
            writer.WriteString("owned_by", "automix");
            writer.WriteStartObject("automix");
            writer.WriteString("cascade", policy.Definition.Name);
            writer.WriteString("default_operating_point", CascadeDefinition.DefaultOperatingPointName);
            writer.WriteStartArray("operating_points");
            foreach (var point in policy.OperatingPoints)
            {
                writer.WriteStringValue(point);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tiers");
            foreach (var tier in policy.Definition.Tiers)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tier.Name);
                writer.WriteString("model", tier.Model);
                writer.WriteNumber("cost", tier.Cost);
                writer.WriteBoolean("verified", tier.IsVerified);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private async Task<bool> RefuseUnauthorizedAsync(HttpContext context)
        {
            if (_keys.Check(context.Request) is not { } authError)
            {
                return false;
            }

            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            await HttpResponses.WriteErrorAsync(context, new OpenAIError(401, authError, "invalid_request_error", null, "invalid_api_key"), context.RequestAborted).ConfigureAwait(false);
            return true;
        }
    }
}
