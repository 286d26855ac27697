using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Model;
using AutoMix.Evaluation.Scoring;
using AutoMix.Verification;
using Microsoft.Extensions.AI;

namespace AutoMix.Cli.Recording;

/// <summary>What one tier did on one question: a recorded run, or the error that prevented it.</summary>
internal sealed record TierOutcome(string Model, string? Answer, double Score, double F1, double LatencyMs, long? TokensIn, long? TokensOut, ConfidenceEstimate? Estimate, VerifierMethod? Method, Exception? Error);

/// <summary>
/// Records questions for <c>automix record</c>: each tier answers through its backend, is scored against the gold
/// answers, and its verifier runs with the runtime's own estimator (the signal production sees). Lines are written
/// in the shared-data format (shared/data/README.md) so calibrate and eval read them back.
/// </summary>
internal static class Recorder
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<TierOutcome> RecordAsync(Question question, TierEndpoint tier, IChatClient client, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new(ChatRole.User, question.Prompt) };

        // Greedy answers, as benchmarks are usually recorded; verifiers sample at their own temperature.
        var options = new ChatOptions { Temperature = 0 };
        var stopwatch = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new TierOutcome(tier.Model, null, 0, 0, stopwatch.Elapsed.TotalMilliseconds, null, null, null, null, exception);
        }

        var latency = stopwatch.Elapsed.TotalMilliseconds;
        var answer = response.Text;
        var exact = AnswerScorer.ExactMatch(answer, question.Golds);
        var f1 = AnswerScorer.F1(answer, question.Golds);
        if (tier.Tier.Verifier is not { } verifier)
        {
            return new TierOutcome(tier.Model, answer, exact, f1, latency, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, null, null, null);
        }

        try
        {
            var cascadeTier = new CascadeTier(tier.Tier.Name, tier.Model, tier.Tier.Cost, verifier);
            var request = new VerificationRequest(
                client, cascadeTier, new CascadeQuery(messages), messages, options, answer, CascadePrompts.Default, UseMultiChoiceRequests: true);
            var estimate = await ConfidenceEstimators.For(verifier.Method).EstimateAsync(request, cancellationToken).ConfigureAwait(false);
            return new TierOutcome(tier.Model, answer, exact, f1, latency, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, estimate, verifier.Method, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new TierOutcome(tier.Model, answer, exact, f1, latency, null, null, null, verifier.Method, new InvalidOperationException("verification failed: " + exception.Message, exception));
        }
    }

    /// <summary>One line of the shared-data format; failed tiers are left out of <c>runs</c> and listed under <c>errors</c>.</summary>
    public static string Line(Question question, IReadOnlyList<TierOutcome> outcomes)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", question.Id);
            json.WriteString("task", question.Task);
            if (question.Split is not null)
            {
                json.WriteString("split", question.Split);
            }

            json.WriteString("prompt", question.Prompt);
            json.WriteString("gold", question.Golds[0]);
            if (question.Golds.Count > 1)
            {
                json.WriteStartArray("golds");
                foreach (var gold in question.Golds)
                {
                    json.WriteStringValue(gold);
                }

                json.WriteEndArray();
            }

            json.WriteStartObject("runs");
            foreach (var outcome in outcomes.Where(o => o.Error is null))
            {
                WriteRun(json, outcome);
            }

            json.WriteEndObject();
            if (outcomes.Any(o => o.Error is not null))
            {
                json.WriteStartObject("errors");
                foreach (var outcome in outcomes.Where(o => o.Error is not null))
                {
                    json.WriteString(outcome.Model, outcome.Error!.Message);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRun(Utf8JsonWriter json, TierOutcome outcome)
    {
        json.WriteStartObject(outcome.Model);
        json.WriteString("answer", outcome.Answer);
        json.WriteNumber("score", outcome.Score);
        json.WriteNumber("f1", Math.Round(outcome.F1, 6));
        json.WriteNumber("latency_ms", Math.Round(outcome.LatencyMs, 1));
        if (outcome.TokensIn is { } tokensIn)
        {
            json.WriteNumber("tokens_in", tokensIn);
        }

        if (outcome.TokensOut is { } tokensOut)
        {
            json.WriteNumber("tokens_out", tokensOut);
        }

        json.WriteStartObject("verifier");
        if (outcome.Estimate is not { } estimate)
        {
            // The final tier is never verified; the reader requires a verifier object, and "none" has no signal.
            json.WriteString("kind", "none");
        }
        else if (outcome.Method == VerifierMethod.SelfConsistency)
        {
            json.WriteString("kind", "self-consistency");
            json.WriteStartArray("samples");
            foreach (var sample in estimate.Samples)
            {
                json.WriteStringValue(sample.Text);
            }

            json.WriteEndArray();
        }
        else
        {
            // Both self-verification (share of "correct" verdicts) and logprob (probability of "correct") are the
            // model's judgement of its own answer: the data format's "self-verification" kind with p_correct.
            json.WriteString("kind", "self-verification");
            json.WriteString("method", outcome.Method == VerifierMethod.Logprob ? "logprob" : "self-verification");
            json.WriteNumber("p_correct", estimate.Confidence);
            json.WriteStartArray("verdicts");
            foreach (var sample in estimate.Samples)
            {
                if (sample.Verdict is { } verdict)
                {
                    json.WriteStringValue(verdict ? "correct" : "incorrect");
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndArray();
            json.WriteNumber("unparseable", estimate.UnparseableCount);
        }

        if (outcome.Estimate?.Usage is { } usage)
        {
            json.WriteNumber("tokens_in", usage.InputTokenCount ?? 0);
            json.WriteNumber("tokens_out", usage.OutputTokenCount ?? 0);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
