using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace AutoMix.OpenAI.Tests;

/// <summary>Builds tier clients (the official OpenAI client under OpenAIErrorChatClient) pointed at a loopback server, with fast-failing defaults for tests.</summary>
internal static class ClientFactory
{
    public const string Model = "small-model";

    public static IChatClient Create(LoopbackOpenAIServer server, Action<OpenAICompatibleClientOptions>? configure = null)
    {
        var options = new OpenAICompatibleClientOptions
        {
            Endpoint = server.Endpoint,
            DefaultModelId = Model,
            Timeout = TimeSpan.FromSeconds(30),
            MaxRetries = 0,
        };
        configure?.Invoke(options);
        return OpenAITierClient.Create(options);
    }
}
