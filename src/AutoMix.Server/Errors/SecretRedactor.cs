using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace AutoMix.Server.Errors
{
    /// <summary>
    /// Removes secrets from text bound for the server log or a trace: the configured keys verbatim, and what looks
    /// like a key anyway (an upstream may echo "Incorrect API key provided: sk-…", or put a token in a URL).
    /// </summary>
    public sealed class SecretRedactor
    {
        /// <summary>What a secret is replaced with.</summary>
        public const string Mask = "[redacted]";

        private static readonly Regex[] Patterns =
        {
            // OpenAI-style keys: sk-…, sk-proj-…, and other vendors' prefixed keys.
            new(@"\b(sk|pk|rk|ak)-[A-Za-z0-9_\-\.]{6,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            // "Bearer <token>" in echoed headers.
            new(@"(?<=\bBearer\s+)[A-Za-z0-9_\-\.=+/]{6,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            // key=value and "key": "value" forms of anything named like a credential.
            new(@"(?<=\b(api[_-]?key|access[_-]?token|token|secret|password|authorization)[""']?\s*[:=]\s*[""']?)[^\s""'&,;]{4,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            // Credentials in URLs: https://user:password@host.
            new(@"(?<=://)[^/\s:@]+:[^/\s@]+(?=@)", RegexOptions.CultureInvariant),
        };

        private readonly string[] _secrets;

        /// <param name="secrets">Values to remove wherever they appear (API keys, upstream keys); blanks are ignored.</param>
        public SecretRedactor(IEnumerable<string> secrets)
        {
            var list = new List<string>();
            foreach (var secret in secrets)
            {
                // Very short values would mask ordinary words; keys are never that short.
                if (!string.IsNullOrWhiteSpace(secret) && secret.Trim().Length >= 4)
                {
                    list.Add(secret.Trim());
                }
            }

            // Longest first, so a key that contains another is masked whole.
            list.Sort((a, b) => b.Length.CompareTo(a.Length));
            _secrets = list.ToArray();
        }

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            foreach (var secret in _secrets)
            {
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
            }

            foreach (var pattern in Patterns)
            {
                result = pattern.Replace(result, Mask);
            }

            return result;
        }
    }
}
