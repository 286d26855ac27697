namespace AutoMix.Server.Protocol
{
    /// <summary>Tokens over every call a request made (each tier's answer and verifier calls), as OpenAI usage reports them.</summary>
    internal readonly record struct TokenUsage(long InputTokens, long OutputTokens);
}
