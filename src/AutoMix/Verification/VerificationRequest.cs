using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>Everything a verifier needs about one tier visit.</summary>
/// <param name="Client">The tier's backend (verification uses the same model).</param>
/// <param name="Tier">The tier; its <see cref="CascadeTier.Verifier"/> is set.</param>
/// <param name="Query">The query.</param>
/// <param name="TaskPrompt">The messages the tier answered.</param>
/// <param name="TaskOptions">The options the tier answered with (caller's options minus cascade keys).</param>
/// <param name="Answer">The tier's answer text.</param>
/// <param name="Prompts">Prompt builders and verdict parser.</param>
/// <param name="UseMultiChoiceRequests">Ask for all samples in one request with "n".</param>
/// <param name="ModelId">Model id to put on verifier requests (null: the backend's default model).</param>
/// <param name="NameSamples">Name each sample with <see cref="AutoMixRequestProperties.SampleIndex"/> (see <see cref="AutoMixCascadeOptions.NameVerifierSamples"/>).</param>
/// <param name="SampleCount">Samples to draw (null: the verifier's k); a round of an adaptive verifier draws fewer.</param>
/// <param name="FirstSampleIndex">Index of the first sample drawn (samples of earlier rounds come before it).</param>
public readonly record struct VerificationRequest(
    IChatClient Client,
    CascadeTier Tier,
    CascadeQuery Query,
    IEnumerable<ChatMessage> TaskPrompt,
    ChatOptions? TaskOptions,
    string Answer,
    CascadePrompts Prompts,
    bool UseMultiChoiceRequests,
    string? ModelId = null,
    bool NameSamples = false,
    int? SampleCount = null,
    int FirstSampleIndex = 0)
{
    /// <summary>The number of samples this request draws.</summary>
    public int Samples => SampleCount ?? Tier.Verifier!.Samples;
}
