using System;
using System.Globalization;
using System.Net.Http;
using AutoMix.OpenAI;

namespace AutoMix.Server.Errors
{
    /// <summary>
    /// The stable code a client sees for a failed tier, in place of the upstream's message: that message can carry
    /// the upstream URL, its error page (HTML, tracebacks, paths) and even the upstream key when the upstream echoes
    /// it. The details go to the server log, redacted.
    /// </summary>
    public static class TierFailureCodes
    {
        public const string Timeout = "tier_timeout";
        public const string Unreachable = "upstream_unreachable";
        public const string Failed = "tier_failed";

        /// <summary>"upstream_status_401" for an HTTP error from the upstream, else one of the constants.</summary>
        public static string Of(Exception? error)
        {
            for (var current = error; current is not null; current = current.InnerException)
            {
                switch (current)
                {
                    case OpenAICompatibleException { IsTimeout: true }:
                    case TimeoutException:
                        return Timeout;
                    case OpenAICompatibleException { StatusCode: { } status }:
                        return "upstream_status_" + status.ToString(CultureInfo.InvariantCulture);
                    case OpenAICompatibleException:
                    case HttpRequestException:
                        return Unreachable;
                }
            }

            return Failed;
        }
    }
}
