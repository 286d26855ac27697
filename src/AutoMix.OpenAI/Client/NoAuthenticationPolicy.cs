using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AutoMix.OpenAI;

/// <summary>
/// Sends requests without an Authorization header. Local servers (vLLM without --api-key, llama.cpp, Ollama)
/// need no key, and sending a made-up bearer token would be misleading in their logs.
/// </summary>
internal sealed class NoAuthenticationPolicy : AuthenticationPolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        => ProcessNext(message, pipeline, currentIndex);

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        => ProcessNextAsync(message, pipeline, currentIndex);
}
