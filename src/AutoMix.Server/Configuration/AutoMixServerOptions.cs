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

        /// <summary>
        /// Time limit of one tier visit (answer plus verification) for cascades built with <see cref="CreateCascadeOptions"/>
        /// (what <c>automix serve</c> does), unless <see cref="TierTimeouts"/> names the tier. A tier past it fails like
        /// any failing tier: a non-final tier escalates to the next one. Default 30 s, well below <see cref="RequestTimeout"/>,
        /// so a hanging small tier still leaves time for the large one.
        /// </summary>
        public TimeSpan TierTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Per-tier time limits by tier name, overriding <see cref="TierTimeout"/> (configuration: AutoMix:Server:TierTimeouts:small).</summary>
        public IDictionary<string, TimeSpan> TierTimeouts { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

        /// <summary>
        /// How long a client may take to send its request body; past it the client gets 408. The body is read before
        /// a concurrency slot is taken, so a slow sender holds a connection but never a slot. Default 10 s.
        /// </summary>
        public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Kestrel's MinRequestBodyDataRate in bytes per second (after a 5 s grace period): a client sending slower is
        /// disconnected. Default 1024 B/s. 0 turns the check off.
        /// </summary>
        public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

        /// <summary>Values never written to logs, traces or clients besides <see cref="ApiKeys"/>, such as the upstream API keys.</summary>
        public IList<string> Secrets { get; } = new List<string>();

        /// <summary>How long shutdown waits for in-flight requests (HostOptions.ShutdownTimeout). Default 30 s.</summary>
        public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>OpenTelemetry export of the cascades' and ASP.NET Core's spans and metrics (off unless asked or OTEL_EXPORTER_OTLP_ENDPOINT is set).</summary>
        public ServerTelemetryOptions Telemetry { get; } = new();

        /// <summary>
        /// Cascade options carrying <see cref="TierTimeout"/> and the <see cref="TierTimeouts"/> of the tiers of
        /// <paramref name="definition"/> (several policies with different tier sets can share one configuration).
        /// </summary>
        public AutoMixCascadeOptions CreateCascadeOptions(CascadeDefinition definition)
        {
            if (definition is null)
            {
                throw new ArgumentNullException(nameof(definition));
            }

            var options = new AutoMixCascadeOptions { TierTimeout = TierTimeout };
            foreach (var tier in definition.Tiers)
            {
                if (TierTimeouts.TryGetValue(tier.Name, out var timeout))
                {
                    options.TierTimeouts[tier.Name] = timeout;
                }
            }

            return options;
        }

        /// <summary>A redactor for <see cref="ApiKeys"/>, <see cref="Secrets"/> and anything that looks like a key.</summary>
        public Errors.SecretRedactor CreateRedactor()
        {
            var secrets = new List<string>(ApiKeys);
            secrets.AddRange(Secrets);
            return new Errors.SecretRedactor(secrets);
        }

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

            // A tier timeout above RequestTimeout is allowed (the request deadline then decides first), not useful.
            if (TierTimeout <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"AutoMix server: TierTimeout must be positive (got {TierTimeout}).");
            }

            foreach (var pair in TierTimeouts)
            {
                if (pair.Value <= TimeSpan.Zero)
                {
                    throw new InvalidOperationException($"AutoMix server: the timeout of tier '{pair.Key}' must be positive (got {pair.Value}).");
                }
            }

            if (RequestBodyTimeout <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"AutoMix server: RequestBodyTimeout must be positive (got {RequestBodyTimeout}).");
            }

            if (MinRequestBodyBytesPerSecond < 0)
            {
                throw new InvalidOperationException($"AutoMix server: MinRequestBodyBytesPerSecond must not be negative (got {MinRequestBodyBytesPerSecond}).");
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
