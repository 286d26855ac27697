using System;
using System.Collections.Generic;

namespace AutoMix.Server.Configuration
{
    /// <summary>
    /// Everything `automix serve` needs: the served policies, the API keys and the limits that keep one replica healthy.
    /// Bound from the "AutoMix:Server" configuration section (keys, limits) plus the AUTOMIX_API_KEYS environment
    /// variable; policies are added in code because they carry live tier clients.
    /// </summary>
    public sealed class AutoMixServerOptions
    {
        /// <summary>The configuration section the scalar settings are bound from.</summary>
        public const string ConfigurationSection = "AutoMix:Server";

        /// <summary>Environment variable holding comma-separated API keys (bearer tokens).</summary>
        public const string ApiKeysEnvironmentVariable = "AUTOMIX_API_KEYS";

        /// <summary>The served policies; each one's <see cref="ServedPolicy.Name"/> is its OpenAI model id.</summary>
        public IList<ServedPolicy> Policies { get; } = new List<ServedPolicy>();

        /// <summary>
        /// Accepted bearer tokens. Empty means authentication is off (loopback development only; a warning is logged).
        /// Never logged.
        /// </summary>
        public IList<string> ApiKeys { get; } = new List<string>();

        /// <summary>Largest accepted request body; larger ones get 413. Default 1 MB.</summary>
        public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

        /// <summary>Chat completions running at once; more get 429 with Retry-After. Default 64.</summary>
        public int MaxConcurrentRequests { get; set; } = 64;

        /// <summary>Requests allowed to wait for a slot when all are busy. Default 0: reject at once, let the client back off.</summary>
        public int QueueLimit { get; set; }

        /// <summary>The Retry-After value sent with 429. Default 1 s.</summary>
        public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Wall-clock budget of one request including every tier call; past it the client gets 504. Default 120 s.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>How long shutdown waits for in-flight requests (HostOptions.ShutdownTimeout). Default 30 s.</summary>
        public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>OpenTelemetry export of the cascades' and ASP.NET Core's spans and metrics (off unless asked or OTEL_EXPORTER_OTLP_ENDPOINT is set).</summary>
        public ServerTelemetryOptions Telemetry { get; } = new();

        /// <summary>Adds the keys in a comma-separated list (as in AUTOMIX_API_KEYS), skipping blanks and duplicates.</summary>
        public void AddApiKeys(string? commaSeparated)
        {
            if (string.IsNullOrWhiteSpace(commaSeparated))
            {
                return;
            }

            foreach (var part in commaSeparated.Split(','))
            {
                var key = part.Trim();
                if (key.Length > 0 && !ApiKeys.Contains(key))
                {
                    ApiKeys.Add(key);
                }
            }
        }

        /// <summary>Throws a specific error for every setting that cannot work.</summary>
        public void Validate()
        {
            if (MaxRequestBodyBytes <= 0)
            {
                throw new InvalidOperationException($"AutoMix server: MaxRequestBodyBytes must be positive (got {MaxRequestBodyBytes}).");
            }

            if (MaxConcurrentRequests <= 0)
            {
                throw new InvalidOperationException($"AutoMix server: MaxConcurrentRequests must be positive (got {MaxConcurrentRequests}).");
            }

            if (QueueLimit < 0)
            {
                throw new InvalidOperationException($"AutoMix server: QueueLimit must be zero or positive (got {QueueLimit}).");
            }

            if (RequestTimeout <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"AutoMix server: RequestTimeout must be positive (got {RequestTimeout}).");
            }

            if (RetryAfter < TimeSpan.Zero)
            {
                throw new InvalidOperationException($"AutoMix server: RetryAfter must not be negative (got {RetryAfter}).");
            }

            if (Policies.Count == 0)
            {
                throw new InvalidOperationException("AutoMix server: no policy is served; add at least one ServedPolicy to AutoMixServerOptions.Policies.");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var policy in Policies)
            {
                if (!names.Add(policy.Name))
                {
                    throw new InvalidOperationException($"AutoMix server: policy '{policy.Name}' is served twice; model ids must be unique.");
                }
            }

            foreach (var key in ApiKeys)
            {
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new InvalidOperationException("AutoMix server: an API key is empty.");
                }
            }
        }
    }
}
