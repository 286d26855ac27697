using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using AutoMix.Server.Cascades;
using AutoMix.Server.Configuration;
using AutoMix.Server.Errors;
using AutoMix.Server.Hosting;
using AutoMix.Server.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AutoMix.Server.Endpoints
{
    /// <summary>
    /// POST /v1/chat/completions: authenticates, admits (concurrency limit), reads the bounded body, runs the cascade
    /// named by "model" under the request deadline, and answers as OpenAI does, with AutoMix's routing facts added.
    /// </summary>
    internal sealed class ChatCompletionsEndpoint : IDisposable
    {
        public const string TierHeader = "x-automix-tier";
        public const string ConfidenceHeader = "x-automix-confidence";
        public const string CostHeader = "x-automix-cost";
        public const string PolicyHeader = "x-automix-policy";
        public const string OperatingPointHeader = "x-automix-operating-point";

        /// <summary>The request id, sent with every response and named in error messages; the server log carries it too.</summary>
        public const string RequestIdHeader = "x-request-id";

        private static readonly Action<ILogger, string, string, string?, double, int, double, Exception?> LogCompleted =
            LoggerMessage.Define<string, string, string?, double, int, double>(
                LogLevel.Debug, new EventId(1, "ChatCompletion"),
                "Policy {Policy} ({OperatingPoint}) answered by tier {Tier}, cost {Cost}, {Escalations} escalations, {ElapsedMs} ms");

        private static readonly Action<ILogger, string, string, string, string, string, Exception?> LogTierFailed =
            LoggerMessage.Define<string, string, string, string, string>(
                LogLevel.Warning, new EventId(2, "TierFailed"), "Policy {Policy}: tier {Tier} failed ({Reason}); answering 502 to request {RequestId}: {Details}");

        private static readonly Action<ILogger, string, double, Exception?> LogDeadline =
            LoggerMessage.Define<string, double>(
                LogLevel.Warning, new EventId(3, "Deadline"), "Policy {Policy}: request deadline of {Seconds} s passed; answering 504");

        private static readonly Action<ILogger, string, string, string, Exception?> LogUnexpected =
            LoggerMessage.Define<string, string, string>(
                LogLevel.Error, new EventId(4, "Unexpected"), "Policy {Policy}: unexpected failure while serving request {RequestId}: {Details}");

        private readonly AutoMixServerOptions _options;
        private readonly ServedPolicyCatalog _catalog;
        private readonly ApiKeyValidator _keys;
        private readonly ConcurrencyLimiter _limiter;
        private readonly ILogger _logger;
        private readonly string _retryAfterSeconds;
        private readonly SecretRedactor _redactor;

        public ChatCompletionsEndpoint(AutoMixServerOptions options, ServedPolicyCatalog catalog, ApiKeyValidator keys, ILogger<ChatCompletionsEndpoint> logger)
        {
            _options = options;
            _catalog = catalog;
            _keys = keys;
            _logger = logger;
            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = options.MaxConcurrentRequests,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            _retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            _redactor = options.CreateRedactor();
        }

        public async Task HandleAsync(HttpContext context)
        {
            var aborted = context.RequestAborted;
            var requestId = context.TraceIdentifier;
            context.Response.Headers[RequestIdHeader] = requestId;
            if (_keys.Check(context.Request) is { } authError)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                await HttpResponses.WriteErrorAsync(context, new OpenAIError(401, authError, "invalid_request_error", null, "invalid_api_key"), aborted).ConfigureAwait(false);
                return;
            }

            // The body is read and checked before a concurrency slot is taken: a client trickling its body must hold
            // a connection at most, never a slot that a complete request could use (docs/serve.md, "Limits").
            ChatCompletionRequest request;
            ServedPolicy policy;
            ChatOptions options;
            try
            {
                var body = await ReadBodyAsync(context, aborted).ConfigureAwait(false);
                request = ChatCompletionRequestParser.Parse(body);
                policy = ResolvePolicy(request.Model);
                options = BuildOptions(context.Request, request, policy);
            }
            catch (ChatCompletionRequestException refused)
            {
                await WriteRefusalAsync(context, refused.Error, aborted).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (aborted.IsCancellationRequested)
            {
                // The client left (or Kestrel dropped it for sending too slowly) while sending its body.
                return;
            }

            RateLimitLease lease;
            try
            {
                lease = await _limiter.AcquireAsync(1, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client left while queued for a slot.
                return;
            }

            // Disposing a lease twice is harmless; the slot is released early, as soon as the cascade is done.
            using var slot = lease;
            if (!lease.IsAcquired)
            {
                context.Response.Headers[HeaderNames.RetryAfter] = _retryAfterSeconds;
                var message = string.Format(
                    CultureInfo.InvariantCulture,
                    "The server is at its limit of {0} concurrent chat completions; retry after {1} s.",
                    _options.MaxConcurrentRequests,
                    _retryAfterSeconds);
                await HttpResponses.WriteErrorAsync(context, new OpenAIError(429, message, "rate_limit_error", null, "concurrency_limit_exceeded"), aborted).ConfigureAwait(false);
                return;
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            deadline.CancelAfter(_options.RequestTimeout);
            var started = Stopwatch.GetTimestamp();
            var state = new RequestState(slot);
            try
            {
                if (request.Stream)
                {
                    await StreamAsync(context, request, policy, options, state, started, deadline.Token).ConfigureAwait(false);
                }
                else
                {
                    await CompleteAsync(context, request, policy, options, state, started, deadline.Token).ConfigureAwait(false);
                }
            }
            catch (Exception) when (aborted.IsCancellationRequested)
            {
                // The client went away; there is nobody to answer. Not an error of the server.
            }
            catch (Exception exception) when (deadline.IsCancellationRequested)
            {
                LogDeadline(_logger, policy.Name, _options.RequestTimeout.TotalSeconds, exception);
                var message = string.Format(
                    CultureInfo.InvariantCulture,
                    "Policy '{0}' did not finish within the request deadline of {1} s.",
                    policy.Name,
                    _options.RequestTimeout.TotalSeconds);
                await FailAsync(context, state, new OpenAIError(504, message, "timeout_error", null, "deadline_exceeded"), null).ConfigureAwait(false);
            }
            catch (CascadeTierFailedException failure)
            {
                // The client gets a stable code, the tier and the request id; the upstream's own message (its URL,
                // error page, even an echoed key) goes only to the log, redacted.
                var reason = TierFailureCodes.Of(failure.InnerException ?? failure);
                LogTierFailed(_logger, policy.Name, failure.Tier, reason, requestId, _redactor.Redact(failure.ToString()), null);
                var message = $"Tier '{failure.Tier}' of policy '{policy.Name}' failed ({reason}). Request id {requestId}; the server log has the details.";
                await FailAsync(context, state, new OpenAIError(502, message, "upstream_error", null, "tier_failed"), CascadeOutcome.FromTrace(policy, failure.Trace)).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogUnexpected(_logger, policy.Name, requestId, _redactor.Redact(exception.ToString()), null);
                var message = $"The server failed while running policy '{policy.Name}' ({exception.GetType().Name}); see the server log.";
                await FailAsync(context, state, new OpenAIError(500, message, "server_error", null, "internal_error"), null).ConfigureAwait(false);
            }
        }

        /// <summary>Requests waiting for a slot right now (for tests and diagnostics).</summary>
        internal long QueuedRequests => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

        public void Dispose() => _limiter.Dispose();

        private async Task CompleteAsync(HttpContext context, ChatCompletionRequest request, ServedPolicy policy, ChatOptions options, RequestState state, long started, CancellationToken cancellationToken)
        {
            var response = await policy.Cascade.GetResponseAsync(request.Messages, options, cancellationToken).ConfigureAwait(false);
            state.Slot.Dispose();
            var trace = response.GetCascadeTrace()
                ?? throw new InvalidOperationException($"The cascade of policy '{policy.Name}' returned a response without an AutoMix trace.");
            var outcome = CascadeOutcome.FromTrace(policy, trace);
            SetOutcomeHeaders(context.Response, outcome);
            var identity = NewIdentity(policy.Name);
            var finishReason = FinishReasonName(response.FinishReason);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await HttpResponses.WriteJsonAsync(
                context,
                writer => OpenAIJson.WriteCompletion(writer, identity, response.Text, finishReason, outcome.Usage, outcome),
                cancellationToken).ConfigureAwait(false);
            LogCompleted(_logger, policy.Name, outcome.OperatingPoint, outcome.TierName, outcome.Cost, outcome.Escalations, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }

        /// <summary>
        /// Streams the cascade's updates as chat.completion.chunk events. The cascade buffers verified tiers and
        /// streams only the final answer live, so a rejected answer never reaches the client. The response starts
        /// only with the first text, so a failure before any text still gets a proper error status.
        /// </summary>
        private async Task StreamAsync(HttpContext context, ChatCompletionRequest request, ServedPolicy policy, ChatOptions options, RequestState state, long started, CancellationToken cancellationToken)
        {
            var identity = NewIdentity(policy.Name);
            CascadeTrace? trace = null;
            ChatFinishReason? finishReason = null;
            await foreach (var update in policy.Cascade.GetStreamingResponseAsync(request.Messages, options, cancellationToken).ConfigureAwait(false))
            {
                trace ??= update.GetCascadeTrace();
                finishReason ??= update.FinishReason;
                var text = update.Text;
                if (text.Length == 0)
                {
                    continue;
                }

                await StartStreamAsync(context, policy, options, state, cancellationToken).ConfigureAwait(false);
                var includeRole = !state.RoleSent;
                state.RoleSent = true;
                await HttpResponses.WriteEventAsync(context, w => OpenAIJson.WriteDeltaChunk(w, identity, includeRole, text, null, null), cancellationToken).ConfigureAwait(false);
            }

            state.Slot.Dispose();
            if (trace is null)
            {
                throw new InvalidOperationException($"The cascade of policy '{policy.Name}' ended its stream without an AutoMix trace.");
            }

            var outcome = CascadeOutcome.FromTrace(policy, trace);
            if (!state.Started)
            {
                // An empty answer: the headers are still unsent, so they can carry the final values too.
                SetOutcomeHeaders(context.Response, outcome);
                await StartStreamAsync(context, policy, options, state, cancellationToken).ConfigureAwait(false);
            }

            var roleNeeded = !state.RoleSent;
            var finish = FinishReasonName(finishReason);
            await HttpResponses.WriteEventAsync(
                context,
                w => OpenAIJson.WriteDeltaChunk(w, identity, roleNeeded, roleNeeded ? string.Empty : null, finish, request.IncludeUsage ? null : outcome),
                cancellationToken).ConfigureAwait(false);
            if (request.IncludeUsage)
            {
                await HttpResponses.WriteEventAsync(context, w => OpenAIJson.WriteUsageChunk(w, identity, outcome.Usage, outcome), cancellationToken).ConfigureAwait(false);
            }

            await HttpResponses.WriteDoneEventAsync(context, cancellationToken).ConfigureAwait(false);
            LogCompleted(_logger, policy.Name, outcome.OperatingPoint, outcome.TierName, outcome.Cost, outcome.Escalations, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }

        private static async Task StartStreamAsync(HttpContext context, ServedPolicy policy, ChatOptions options, RequestState state, CancellationToken cancellationToken)
        {
            if (state.Started)
            {
                return;
            }

            state.Started = true;
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers[HeaderNames.CacheControl] = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            response.Headers[PolicyHeader] = policy.Name;
            response.Headers[OperatingPointHeader] = options.GetOperatingPoint() ?? CascadeDefinition.DefaultOperatingPointName;
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Sends an error: as a status and body when nothing was sent yet, else as a final "error" event of the stream.</summary>
        private static async Task FailAsync(HttpContext context, RequestState state, OpenAIError error, CascadeOutcome? outcome)
        {
            state.Slot.Dispose();

            // The deadline token is already cancelled here; the error must still reach a connected client.
            var token = context.RequestAborted;
            try
            {
                if (!state.Started && !context.Response.HasStarted)
                {
                    var requestId = context.Response.Headers[RequestIdHeader];
                    context.Response.Clear();
                    context.Response.Headers[RequestIdHeader] = requestId;
                    context.Response.StatusCode = error.StatusCode;
                    await HttpResponses.WriteJsonAsync(
                        context,
                        writer =>
                        {
                            writer.WriteStartObject();
                            OpenAIJson.WriteErrorProperty(writer, error);
                            if (outcome is not null)
                            {
                                OpenAIJson.WriteOutcome(writer, outcome);
                            }

                            writer.WriteEndObject();
                        },
                        token).ConfigureAwait(false);
                    return;
                }

                await HttpResponses.WriteEventAsync(context, writer => OpenAIJson.WriteError(writer, error), token).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // The client left while the error was being written; nobody is there to read it.
            }
        }

        private ServedPolicy ResolvePolicy(string model)
        {
            if (_catalog.TryGet(model, out var policy))
            {
                return policy;
            }

            throw new ChatCompletionRequestException(new OpenAIError(
                404,
                $"The model '{model}' is not served here. Served models: {_catalog.ServedModelList}.",
                "invalid_request_error",
                "model",
                "model_not_found"));
        }

        private static ChatOptions BuildOptions(HttpRequest httpRequest, ChatCompletionRequest request, ServedPolicy policy)
        {
            var options = new ChatOptions
            {
                Temperature = request.Temperature,
                TopP = request.TopP,
                MaxOutputTokens = request.MaxOutputTokens,
                Seed = request.Seed,
            };
            if (request.Stop is { } stop)
            {
                options.StopSequences = new List<string>(stop);
            }

            var requested = httpRequest.Headers[OperatingPointHeader];
            if (requested.Count > 0)
            {
                var point = requested.ToString().Trim();
                if (requested.Count > 1 || point.Length == 0 || !policy.HasOperatingPoint(point))
                {
                    throw new ChatCompletionRequestException(OpenAIError.InvalidRequest(
                        $"Policy '{policy.Name}' has no operating point '{requested}'. Known operating points: {policy.KnownOperatingPointList}.",
                        OperatingPointHeader,
                        "unknown_operating_point"));
                }

                options.WithOperatingPoint(point);
            }

            return options;
        }

        /// <summary>Reads the whole body, refusing more than MaxRequestBodyBytes whether or not Content-Length was sent.</summary>
        private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
        {
            var limit = _options.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                throw TooLarge(limit);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            {
                sizeFeature.MaxRequestBodySize = limit;
            }

            // A client gets RequestBodyTimeout to send its body, whatever its rate.
            using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyDeadline.CancelAfter(_options.RequestBodyTimeout);
            var reader = context.Request.BodyReader;
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync(bodyDeadline.Token).ConfigureAwait(false);
                    var buffer = result.Buffer;
                    if (buffer.Length > limit)
                    {
                        reader.AdvanceTo(buffer.End);
                        throw TooLarge(limit);
                    }

                    if (result.IsCompleted)
                    {
                        var bytes = buffer.ToArray();
                        reader.AdvanceTo(buffer.End);
                        return bytes;
                    }

                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge(limit);
            }
            catch (OperationCanceledException) when (bodyDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw BodyTimedOut();
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status408RequestTimeout)
            {
                // Kestrel's MinRequestBodyDataRate: the client sent too slowly.
                throw BodyTimedOut();
            }
        }

        private ChatCompletionRequestException BodyTimedOut() => new(new OpenAIError(
            408,
            string.Format(CultureInfo.InvariantCulture, "The request body did not arrive within {0} s (or arrived too slowly); send it in one go.", _options.RequestBodyTimeout.TotalSeconds),
            "invalid_request_error",
            null,
            "request_timeout"));

        /// <summary>A 4xx for a request refused before it was admitted; a client that already left gets nothing.</summary>
        private static async Task WriteRefusalAsync(HttpContext context, OpenAIError error, CancellationToken aborted)
        {
            try
            {
                if (error.StatusCode == StatusCodes.Status408RequestTimeout)
                {
                    // The rest of the body is not worth waiting for; close the connection after answering.
                    context.Response.Headers[HeaderNames.Connection] = "close";
                }

                await HttpResponses.WriteErrorAsync(context, error, aborted).ConfigureAwait(false);
            }
            catch (Exception) when (aborted.IsCancellationRequested)
            {
            }
        }

        private static ChatCompletionRequestException TooLarge(long limit) => new(new OpenAIError(
            413,
            string.Format(CultureInfo.InvariantCulture, "The request body is larger than the limit of {0} bytes.", limit),
            "invalid_request_error",
            null,
            "request_too_large"));

        private static void SetOutcomeHeaders(HttpResponse response, CascadeOutcome outcome)
        {
            var headers = response.Headers;
            headers[PolicyHeader] = outcome.Policy;
            headers[OperatingPointHeader] = outcome.OperatingPoint;
            headers[CostHeader] = HttpResponses.Format(outcome.Cost);
            if (outcome.TierName is not null)
            {
                headers[TierHeader] = outcome.TierName;
            }

            if (outcome.Confidence is { } confidence)
            {
                headers[ConfidenceHeader] = HttpResponses.Format(confidence);
            }
        }

        private static CompletionIdentity NewIdentity(string model) =>
            new("chatcmpl-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model);

        private static string FinishReasonName(ChatFinishReason? reason)
        {
            if (reason == ChatFinishReason.Length)
            {
                return "length";
            }

            if (reason == ChatFinishReason.ContentFilter)
            {
                return "content_filter";
            }

            return "stop";
        }

        /// <summary>
        /// The request's concurrency slot, whether the streaming response has begun (headers sent) and whether the
        /// first delta carried the role.
        /// </summary>
        private sealed class RequestState
        {
            public RequestState(RateLimitLease slot)
            {
                Slot = slot;
            }

            /// <summary>
            /// Released once the cascade has finished, before the last bytes go out: a client that sends its next
            /// request the moment it reads this response must not find this request still holding a slot.
            /// </summary>
            public RateLimitLease Slot { get; }

            public bool Started { get; set; }

            public bool RoleSent { get; set; }
        }
    }
}
