using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AutoMix.Server.Hosting
{
    /// <summary>
    /// Checks "Authorization: Bearer &lt;key&gt;" against the configured keys. Keys are kept only as SHA-256 digests and
    /// compared in constant time, so neither key contents nor lengths leak through timing; keys are never logged.
    /// </summary>
    internal sealed class ApiKeyValidator
    {
        private const string BearerPrefix = "Bearer ";
        private readonly List<byte[]> _digests = new();

        public ApiKeyValidator(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                _digests.Add(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            }
        }

        /// <summary>False when no key is configured: authentication is off.</summary>
        public bool IsEnabled => _digests.Count > 0;

        /// <summary>Null when the request may proceed, else why it may not (for the 401 message).</summary>
        public string? Check(HttpRequest request)
        {
            if (!IsEnabled)
            {
                return null;
            }

            var header = request.Headers[HeaderNames.Authorization].ToString();
            if (header.Length == 0)
            {
                return "Missing API key: send 'Authorization: Bearer <key>'.";
            }

            if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'.";
            }

            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(BearerPrefix.Length).Trim().ToString()));
            var match = false;
            foreach (var digest in _digests)
            {
                // No early exit: every key is compared so the time does not tell which one matched.
                match |= CryptographicOperations.FixedTimeEquals(digest, presented);
            }

            return match ? null : "Invalid API key.";
        }
    }
}
