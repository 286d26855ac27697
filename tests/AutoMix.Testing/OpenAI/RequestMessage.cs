namespace AutoMix.Testing.OpenAI;

/// <summary>One message of a received chat completion request.</summary>
/// <param name="Role">system, user, assistant, developer, tool...</param>
/// <param name="Content">The text; content-part arrays are concatenated from their text parts.</param>
/// <param name="Name">The optional participant name.</param>
public sealed record RequestMessage(string Role, string Content, string? Name = null);
