using System.Threading.Tasks;
using AutoMix.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace AutoMix.Server.Endpoints
{
    /// <summary>
    /// GET /healthz: 200 with the served policies. Unauthenticated so load balancers can probe it; it reveals only
    /// policy names. The server holds no state, so "up" is the whole story.
    /// </summary>
    internal sealed class HealthEndpoint
    {
        private readonly ServedPolicyCatalog _catalog;

        public HealthEndpoint(ServedPolicyCatalog catalog)
        {
            _catalog = catalog;
        }

        public Task HandleAsync(HttpContext context) =>
            HttpResponses.WriteJsonAsync(
                context,
                writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("status", "ok");
                    writer.WriteStartArray("policies");
                    foreach (var policy in _catalog.Policies)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", policy.Name);
                        writer.WriteNumber("tiers", policy.Definition.Tiers.Count);
                        writer.WriteStartArray("operating_points");
                        foreach (var point in policy.OperatingPoints)
                        {
                            writer.WriteStringValue(point);
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                },
                context.RequestAborted);
    }
}
