using System;
using System.ClientModel;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Text.Json;

namespace AutoMix.OpenAI;

/// <summary>Turns SDK failures into <see cref="OpenAICompatibleException"/>s whose message says what went wrong where.</summary>
internal static class ErrorTranslation
{
    /// <summary>
    /// Translates a failure of one SDK call, or returns null when it must propagate unchanged (caller
    /// cancellation, programming errors). <paramref name="cancellationToken"/> is the caller's token: an
    /// <see cref="OperationCanceledException"/> while it is not cancelled can only be the SDK's network timeout.
    /// </summary>
    public static OpenAICompatibleException? TryTranslate(
        Exception exception, Uri endpoint, string model, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        switch (exception)
        {
            case ClientResultException clientResult:
                return FromClientResult(clientResult, endpoint, model);
            case OperationCanceledException:
                return Timeout(exception, endpoint, model, timeout);
            case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                // ClientRetryPolicy reports a call whose every attempt failed as an AggregateException of the
                // attempts' exceptions; the last attempt is the one that decided the outcome.
                OpenAICompatibleException? last = TryTranslate(
                    aggregate.InnerExceptions[aggregate.InnerExceptions.Count - 1], endpoint, model, timeout, cancellationToken);
                if (last is null)
                {
                    return null;
                }

                string attempts = aggregate.InnerExceptions.Count.ToString(CultureInfo.InvariantCulture);
                return new OpenAICompatibleException(
                    last.Message + " Gave up after " + attempts + " attempts.",
                    endpoint, model, last.StatusCode, last.IsTimeout, last.ServerMessage, last.ErrorType, last.ErrorCode, aggregate);
            case HttpRequestException or IOException:
                return new OpenAICompatibleException(
                    $"Could not reach OpenAI-compatible endpoint {endpoint} (model '{model}'): {exception.Message}",
                    endpoint, model, statusCode: null, isTimeout: false, serverMessage: null, errorType: null, errorCode: null, exception);
            default:
                return null;
        }
    }

    public static OpenAICompatibleException FromClientResult(ClientResultException exception, Uri endpoint, string model)
    {
        // Status 0 means no HTTP response at all (connection refused, DNS, TLS...).
        if (exception.Status == 0)
        {
            string reason = exception.InnerException?.Message ?? exception.Message;
            return new OpenAICompatibleException(
                $"Could not reach OpenAI-compatible endpoint {endpoint} (model '{model}'): {reason}",
                endpoint, model, statusCode: null, isTimeout: false, serverMessage: null, errorType: null, errorCode: null, exception);
        }

        string? body = TryReadBody(exception);
        (string? serverMessage, string? errorType, string? errorCode) = ParseErrorBody(body);
        string statusText = string.Create(CultureInfo.InvariantCulture, $"HTTP {exception.Status}");
        string? reasonPhrase = exception.GetRawResponse()?.ReasonPhrase;
        if (!string.IsNullOrEmpty(reasonPhrase))
        {
            statusText += " (" + reasonPhrase + ")";
        }

        string message = $"OpenAI-compatible endpoint {endpoint} returned {statusText} for model '{model}'";
        if (!string.IsNullOrWhiteSpace(serverMessage))
        {
            message += ": " + serverMessage;
        }

        return new OpenAICompatibleException(
            message, endpoint, model, exception.Status, isTimeout: false, serverMessage, errorType, errorCode, exception);
    }

    public static OpenAICompatibleException Timeout(Exception exception, Uri endpoint, string model, TimeSpan timeout)
    {
        string limit = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new OpenAICompatibleException(
            $"OpenAI-compatible endpoint {endpoint} did not answer within the {limit} s timeout (model '{model}').",
            endpoint, model, statusCode: null, isTimeout: true, serverMessage: null, errorType: null, errorCode: null,
            new TimeoutException($"The request exceeded the configured timeout of {limit} s.", exception));
    }

    private static string? TryReadBody(ClientResultException exception)
    {
        try
        {
            BinaryData? content = exception.GetRawResponse()?.Content;
            return content is null ? null : content.ToString();
        }
        catch (InvalidOperationException)
        {
            // An unbuffered (streaming) error response whose body was never read: the status alone must do.
            return null;
        }
    }

    /// <summary>Reads the OpenAI error shape <c>{"error":{"message","type","code"}}</c>; other bodies are returned verbatim.</summary>
    internal static (string? Message, string? Type, string? Code) ParseErrorBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString(), null, null);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (ReadScalar(error, "message"), ReadScalar(error, "type"), ReadScalar(error, "code"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy, say): fall through and report the text itself.
        }

        string trimmed = body.Trim();
        return (trimmed.Length > 500 ? trimmed.Substring(0, 500) + "…" : trimmed, null, null);
    }

    private static string? ReadScalar(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
