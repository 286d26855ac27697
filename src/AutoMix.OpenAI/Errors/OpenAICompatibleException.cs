using System;

namespace AutoMix.OpenAI;

/// <summary>
/// A chat completion call failed: the server answered with an HTTP error, could not be reached, or did not
/// answer within the client's timeout. The message names the status, endpoint and
/// model; the SDK's original exception is the <see cref="Exception.InnerException"/>.
/// Caller cancellation is never wrapped: it surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class OpenAICompatibleException : Exception
{
    /// <summary>Creates the exception; use the factory methods in this assembly for consistent messages.</summary>
    public OpenAICompatibleException(
        string message,
        Uri endpoint,
        string model,
        int? statusCode,
        bool isTimeout,
        string? serverMessage,
        string? errorType,
        string? errorCode,
        Exception? innerException)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        Model = model;
        StatusCode = statusCode;
        IsTimeout = isTimeout;
        ServerMessage = serverMessage;
        ErrorType = errorType;
        ErrorCode = errorCode;
    }

    /// <summary>The endpoint the request was sent to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The model id of the request.</summary>
    public string Model { get; }

    /// <summary>The HTTP status code, or null when no response arrived (timeout, connection failure).</summary>
    public int? StatusCode { get; }

    /// <summary>True when the attempt exceeded the configured timeout.</summary>
    public bool IsTimeout { get; }

    /// <summary><c>error.message</c> from an OpenAI-shaped error body, or the raw body when it has another shape.</summary>
    public string? ServerMessage { get; }

    /// <summary><c>error.type</c> from the error body, when present.</summary>
    public string? ErrorType { get; }

    /// <summary><c>error.code</c> from the error body, when present.</summary>
    public string? ErrorCode { get; }

    /// <summary>True for failures worth retrying later or on another tier: timeouts, 408, 429 and 5xx.</summary>
    public bool IsTransient => IsTimeout || StatusCode is null || StatusCode == 408 || StatusCode == 429 || StatusCode >= 500;
}
