using System;
using System.Collections.Generic;
using System.Diagnostics;
using AutoMix.Server.Errors;
using OpenTelemetry;

namespace AutoMix.Server.Telemetry
{
    /// <summary>
    /// Redacts secrets from finished spans before any exporter sees them: a failed tier's span carries the upstream's
    /// error message as its status description, and upstreams echo keys ("Incorrect API key provided: sk-…").
    /// Add it ahead of every exporter.
    /// </summary>
    public sealed class RedactingActivityProcessor : BaseProcessor<Activity>
    {
        private readonly SecretRedactor _redactor;

        public RedactingActivityProcessor(SecretRedactor redactor)
        {
            _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        }

        public override void OnEnd(Activity data)
        {
            if (data.StatusDescription is { } description)
            {
                data.SetStatus(data.Status, _redactor.Redact(description));
            }

            var changed = new List<KeyValuePair<string, string>>();
            foreach (var tag in data.TagObjects)
            {
                if (tag.Value is string text)
                {
                    var redacted = _redactor.Redact(text);
                    if (!string.Equals(redacted, text, StringComparison.Ordinal))
                    {
                        changed.Add(new KeyValuePair<string, string>(tag.Key, redacted));
                    }
                }
            }

            foreach (var tag in changed)
            {
                data.SetTag(tag.Key, tag.Value);
            }
        }
    }
}
