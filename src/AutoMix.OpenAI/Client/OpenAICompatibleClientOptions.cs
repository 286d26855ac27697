using System;

namespace AutoMix.OpenAI;

/// <summary>
/// Connection settings of a tier client built by <see cref="OpenAITierClient"/>: where the server is, how to
/// authenticate, which model to use and how patient to be.
/// </summary>
public sealed class OpenAICompatibleClientOptions
{
    /// <summary>
    /// Base address of the API, including the version segment, e.g. <c>https://api.openai.com/v1</c> or
    /// <c>http://localhost:8000/v1</c>. Requests go to <c>{Endpoint}/chat/completions</c>. Required.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// API key sent as <c>Authorization: Bearer {ApiKey}</c>. Leave null for local servers that need none;
    /// then no Authorization header is sent at all.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The model the client is bound to (<c>GetChatClient(model)</c>); required by <see cref="OpenAITierClient.Create"/>.</summary>
    public string? DefaultModelId { get; set; }

    /// <summary>
    /// Limit for one HTTP attempt (sending, waiting and reading the body; for streaming, the wait for each chunk).
    /// A retried call can take up to <c>(MaxRetries + 1) * Timeout</c> plus back-off. Default 100 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The clock of the streaming idle limit (no chunk for <see cref="Timeout"/> after the previous one). Tests pass
    /// a fake clock so a stalled stream times out deterministically. Default: the system clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Retries for transient failures (408, 429, 500, 502, 503, 504 and network errors), with the SDK's
    /// exponential back-off that honours <c>Retry-After</c>. 0 disables retries. Default 2.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Throws a specific error when the options cannot work.</summary>
    internal void Validate()
    {
        if (Endpoint is null)
        {
            throw new ArgumentException("OpenAICompatibleClientOptions.Endpoint is required (e.g. http://localhost:8000/v1).", "options");
        }

        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"OpenAICompatibleClientOptions.Endpoint must be an absolute http(s) URI, got '{Endpoint}'.", "options");
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"OpenAICompatibleClientOptions.Timeout must be positive or infinite, got {Timeout}.", "options");
        }

        if (MaxRetries < 0)
        {
            throw new ArgumentException($"OpenAICompatibleClientOptions.MaxRetries must be zero or more, got {MaxRetries}.", "options");
        }

        if (DefaultModelId is not null && DefaultModelId.Trim().Length == 0)
        {
            throw new ArgumentException("OpenAICompatibleClientOptions.DefaultModelId must be null or a non-blank model id.", "options");
        }
    }
}
