namespace AutoMix.Server.Protocol
{
    /// <summary>An error in OpenAI's shape: HTTP status plus {"error": {message, type, param, code}}.</summary>
    internal sealed record OpenAIError(int StatusCode, string Message, string Type, string? Param, string? Code)
    {
        public static OpenAIError InvalidRequest(string message, string? param = null, string? code = null) =>
            new(400, message, "invalid_request_error", param, code);
    }
}
