namespace AutoMix.Server.Protocol
{
    /// <summary>The id, creation time (Unix seconds) and model id shared by a completion and all of its chunks.</summary>
    internal sealed record CompletionIdentity(string Id, long Created, string Model);
}
