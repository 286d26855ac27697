using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Backends;
using AutoMix.Policies.Model;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>
/// Logprob verification: one request for a single-word verdict with <c>logprobs = true, top_logprobs = 5</c>.
/// Confidence = the probability the model gave to "correct" at the verdict token (the first non-blank generated
/// token), summed over its spellings (" Correct", "correct", ...) among that position's top alternatives. The tokens
/// come from the official OpenAI client's raw <c>ChatCompletion</c> (requested through
/// <c>ChatOptions.RawRepresentationFactory</c>) or, for other backends, from
/// <c>ChatResponse.AdditionalProperties["logprobs"]</c> as <c>IReadOnlyList&lt;TokenLogprob&gt;</c>; when neither is
/// there, <see cref="AutoMixVerifierException"/> names the tier.
/// A reply whose verdict token is neither "correct" nor "incorrect" counts as one unparseable sample.
/// </summary>
public sealed class LogprobEstimator : IConfidenceEstimator
{
    public const string LogprobsKey = "logprobs";
    public const string TopLogprobsKey = "top_logprobs";
    public const int TopLogprobs = 5;

    public static LogprobEstimator Instance { get; } = new();

    public VerifierMethod Method => VerifierMethod.Logprob;

    public async ValueTask<ConfidenceEstimate> EstimateAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var spec = request.Tier.Verifier!;
        var prompt = request.Prompts.BuildLogprobVerificationPrompt(request.Query, request.Answer);
        var options = new ChatOptions
        {
            Temperature = (float)spec.Temperature,
            ModelId = request.ModelId,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [LogprobsKey] = true,
                [TopLogprobsKey] = TopLogprobs,
            },
        };
        // The official OpenAI client reads the request from the factory; other backends read the properties above.
        OpenAIChatCompletions.RequestLogprobs(options, TopLogprobs);
        AutoMixRequestProperties.Mark(options, AutoMixRequestProperties.VerificationPurpose, request.Tier.Name, request.Query.Question, sampleIndex: 0);

        var response = await request.Client.GetResponseAsync(prompt, options, cancellationToken).ConfigureAwait(false);
        object? raw = null;
        if (response.AdditionalProperties?.TryGetValue(LogprobsKey, out raw) != true || raw is null)
        {
            raw = OpenAIChatCompletions.ReadLogprobs(response) ?? throw new AutoMixVerifierException(
                request.Tier.Name,
                "the backend returned no logprobs. A logprob verifier needs the official OpenAI client's raw ChatCompletion "
                + $"with token log-probabilities (a response served from a cache has none), or ChatResponse.AdditionalProperties[\"{LogprobsKey}\"] "
                + $"as IReadOnlyList<{typeof(TokenLogprob).FullName}>; use such a backend, or another verifier method.");
        }

        if (raw is not IReadOnlyList<TokenLogprob> tokens)
        {
            throw new AutoMixVerifierException(
                request.Tier.Name,
                $"ChatResponse.AdditionalProperties[\"{LogprobsKey}\"] holds {raw.GetType().FullName}, not "
                + $"IReadOnlyList<{typeof(TokenLogprob).FullName}>; the backend adapter must use the runtime's {nameof(TokenLogprob)} contract.");
        }

        TokenLogprob? verdictToken = null;
        foreach (var token in tokens)
        {
            if (!string.IsNullOrWhiteSpace(token.Token))
            {
                verdictToken = token;
                break;
            }
        }

        var text = response.Text;
        if (verdictToken is null)
        {
            return new ConfidenceEstimate(0, new[] { new VerifierSample(text, null) }, 1, response.Usage);
        }

        var verdict = Classify(verdictToken.Token);
        var probability = ProbabilityOfCorrect(verdictToken);
        return new ConfidenceEstimate(
            Math.Clamp(probability, 0, 1),
            new[] { new VerifierSample(text, verdict) },
            verdict is null ? 1 : 0,
            response.Usage);
    }

    private static double ProbabilityOfCorrect(TokenLogprob position)
    {
        // The top list normally contains the chosen token; fall back to it alone when the backend sent no list.
        if (position.TopLogprobs is not { Count: > 0 } top)
        {
            return Classify(position.Token) == true ? Math.Exp(position.Logprob) : 0;
        }

        var probability = 0.0;
        foreach (var alternative in top)
        {
            if (Classify(alternative.Token) == true)
            {
                probability += Math.Exp(alternative.Logprob);
            }
        }

        return probability;
    }

    /// <summary>True for a "correct" token, false for "incorrect"/"in"/"wrong" (tokenisers split "incorrect"), else null.</summary>
    private static bool? Classify(string token)
    {
        var word = token.AsSpan().Trim().Trim("*\"'`.:".AsSpan());
        if (word.Equals("correct", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (word.Equals("incorrect", StringComparison.OrdinalIgnoreCase)
            || word.Equals("in", StringComparison.OrdinalIgnoreCase)
            || word.Equals("wrong", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return null;
    }
}
