using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Model;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>
/// AutoMix's self-verification: the tier's own model judges its answer k times with a few-shot, context-grounded
/// prompt at the verifier's temperature (k concurrent requests, or one multi-choice request).
/// Confidence = verdicts "correct" / verdicts that could be read. Unreadable replies are counted in
/// <see cref="ConfidenceEstimate.UnparseableCount"/> and left out of the ratio; when no reply can be read at all
/// the confidence is 0 (so the answer lands in bin 0, the least trusted), never a division by zero.
/// </summary>
public sealed class SelfVerificationEstimator : IConfidenceEstimator
{
    public static SelfVerificationEstimator Instance { get; } = new();

    public VerifierMethod Method => VerifierMethod.SelfVerification;

    public async ValueTask<ConfidenceEstimate> EstimateAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var spec = request.Tier.Verifier!;
        var prompt = request.Prompts.BuildVerificationPrompt(request.Query, request.Answer);
        var options = AutoMixRequestProperties.Mark(
            new ChatOptions { Temperature = (float)spec.Temperature, ModelId = request.ModelId },
            AutoMixRequestProperties.VerificationPurpose,
            request.Tier.Name,
            request.Query.Question);
        var batch = await ConcurrentSampler.DrawAsync(
            request.Client, prompt, options, request.Samples, request.FirstSampleIndex, request.UseMultiChoiceRequests, request.NameSamples, cancellationToken).ConfigureAwait(false);

        var samples = new VerifierSample[batch.Texts.Length];
        var correct = 0;
        var parsed = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var text = batch.Texts[i];
            var verdict = request.Prompts.ParseVerdict(text);
            if (verdict is { } v)
            {
                parsed++;
                if (v)
                {
                    correct++;
                }
            }

            samples[i] = new VerifierSample(text, verdict);
        }

        var confidence = parsed == 0 ? 0.0 : (double)correct / parsed;
        return new ConfidenceEstimate(confidence, samples, samples.Length - parsed, batch.Usage);
    }
}
