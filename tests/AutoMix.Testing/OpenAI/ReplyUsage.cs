namespace AutoMix.Testing.OpenAI;

/// <summary>Scripted token usage; the total is the sum.</summary>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
public sealed record ReplyUsage(int PromptTokens, int CompletionTokens)
{
    /// <summary>PromptTokens + CompletionTokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;
}
