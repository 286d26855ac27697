using System;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Model;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>
/// Self-consistency: k further answers to the same task prompt at the verifier's temperature; confidence = the
/// share of them equal to the tier's answer after <see cref="AnswerNormalizer"/>. Every sample is readable, so
/// the unparseable count is always 0.
/// </summary>
public sealed class SelfConsistencyEstimator : IConfidenceEstimator
{
    public static SelfConsistencyEstimator Instance { get; } = new();

    public VerifierMethod Method => VerifierMethod.SelfConsistency;

    public async ValueTask<ConfidenceEstimate> EstimateAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var spec = request.Tier.Verifier!;
        var options = request.TaskOptions?.Clone() ?? new ChatOptions();
        options.Temperature = (float)spec.Temperature;
        AutoMixRequestProperties.Mark(options, AutoMixRequestProperties.VerificationPurpose, request.Tier.Name, request.Query.Question);
        var batch = await ConcurrentSampler.DrawAsync(
            request.Client, request.TaskPrompt, options, request.Samples, request.FirstSampleIndex, request.UseMultiChoiceRequests, request.NameSamples, cancellationToken).ConfigureAwait(false);

        var answer = AnswerNormalizer.Normalize(request.Answer);
        var samples = new VerifierSample[batch.Texts.Length];
        var agree = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var text = batch.Texts[i];
            var same = string.Equals(AnswerNormalizer.Normalize(text), answer, StringComparison.Ordinal);
            if (same)
            {
                agree++;
            }

            samples[i] = new VerifierSample(text, same);
        }

        return new ConfidenceEstimate((double)agree / samples.Length, samples, 0, batch.Usage);
    }
}
