using System.ClientModel;
using System.ClientModel.Primitives;
using AutoMix.Policies.Model;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Integration;

/// <summary>
/// Two-tier cascades whose tiers are the official client, <c>new OpenAIClient(...).GetChatClient(m).AsIChatClient()</c>,
/// against the loopback OpenAI-compatible server (127.0.0.1 only), with each verifier method.
/// </summary>
public class OfficialOpenAIClientTests
{
    private const string CaseMarker = "### Case to check";

    internal static IChatClient Official(LoopbackOpenAIServer server, string model) =>
        new OpenAIClient(new ApiKeyCredential("test-key"), new OpenAIClientOptions { Endpoint = server.Endpoint, RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient(model)
            .AsIChatClient();

    internal static bool IsVerification(ChatCompletionRequest request) =>
        request.Messages.Any(m => m.Content.Contains(CaseMarker, StringComparison.Ordinal));

    private static AutoMixCascade Cascade(LoopbackOpenAIServer server, VerifierSpec verifier, int acceptFrom, AutoMixCascadeOptions? options = null)
    {
        var tiers = new[] { new CascadeTier("small", "small", 1, verifier), new CascadeTier("large", "large", 20, null) };
        return new AutoMixCascade(Definition(tiers, Threshold(tiers, acceptFrom)), new[] { Official(server, "small"), Official(server, "large") }, options);
    }

    [Fact]
    public async Task Self_verification_with_k_concurrent_requests()
    {
        var verdicts = 0;
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Model == "large" ? ChatCompletionReply.Text("Paris")
            : IsVerification(request) ? ChatCompletionReply.Text(Interlocked.Increment(ref verdicts) <= 2 ? Correct : Incorrect)
            : ChatCompletionReply.Text("Lyon"));
        var cascade = Cascade(server, Verifier(samples: 8, cost: 1), acceptFrom: 6);

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        // 2 of 8 verdicts correct: confidence 0.25, bin 2 < 6, routed to large.
        Assert.Equal("Paris", result.Response.Text);
        var small = result.Trace.Steps[0];
        Assert.Equal("Lyon", small.Answer);
        Assert.Equal(8, small.Samples.Count);
        Assert.Equal(0.25, small.Confidence);
        Assert.Equal(2, small.Bin);
        Assert.Equal(CascadeStepOutcome.Routed, small.Outcome);
        Assert.Equal(2.0, small.Cost);
        Assert.Equal(1, result.Trace.AnsweringTier);
        Assert.Equal(22.0, result.Trace.TotalCost);
        var requests = server.Requests;
        Assert.Equal(8, requests.Count(IsVerification));
        Assert.All(requests.Where(IsVerification), r => Assert.Equal(1.0, r.Temperature));
        Assert.All(requests, r => Assert.DoesNotContain("automix", r.RawJson, StringComparison.Ordinal));
        Assert.Equal(result.Trace.InputTokens, result.Response.Usage!.InputTokenCount);
        Assert.True(result.Trace.InputTokens > 0);
    }

    [Fact]
    public async Task Self_verification_with_one_multi_choice_request()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Model == "large" ? ChatCompletionReply.Text("Paris")
            : IsVerification(request) ? ChatCompletionReply.Samples(Enumerable.Range(0, request.ChoiceCount).Select(i => i < 6 ? Correct : Incorrect))
            : ChatCompletionReply.Text("Lyon"));
        var cascade = Cascade(server, Verifier(samples: 8, cost: 1), acceptFrom: 6, new AutoMixCascadeOptions { UseMultiChoiceRequests = true });

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        // One request with n = 8 (sent through RawRepresentationFactory); all 8 choices read from the raw ChatCompletion.
        var verification = Assert.Single(server.Requests, IsVerification);
        Assert.Equal(8, verification.N);
        var small = result.Trace.Steps[0];
        Assert.Equal([true, true, true, true, true, true, false, false], small.Samples.Select(s => s.Verdict));
        Assert.Equal(0.75, small.Confidence);
        Assert.Equal(CascadeStepOutcome.Accepted, small.Outcome);
        Assert.Equal("Lyon", result.Response.Text);
        Assert.Equal(2, server.Requests.Count); // answer and one verification; large never called
    }

    [Fact]
    public async Task Self_consistency_with_k_samples()
    {
        var samples = 0;
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Model == "large" ? ChatCompletionReply.Text("Paris")
            : request.Temperature is null ? ChatCompletionReply.Text("Lyon")
            : ChatCompletionReply.Text(Interlocked.Increment(ref samples) <= 3 ? " lyon." : "Marseille"));
        var cascade = Cascade(server, Verifier(samples: 4, method: VerifierMethod.SelfConsistency, cost: 1), acceptFrom: 3);

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        // 3 of 4 samples equal the answer after normalisation: confidence 0.75, bin 3 of 5, accepted.
        var small = result.Trace.Steps[0];
        Assert.Equal(4, small.Samples.Count);
        Assert.Equal(0.75, small.Confidence);
        Assert.Equal(3, small.Samples.Count(s => s.Verdict == true));
        Assert.Equal("Lyon", result.Response.Text);
        Assert.Equal(5, server.Requests.Count);
    }

    [Fact]
    public async Task Logprob_verification_reads_the_raw_chat_completion()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Logprobs
                ? ChatCompletionReply.WithChoices(new ReplyChoice("correct")
                {
                    Logprobs = [new ReplyTokenLogprob("correct", Math.Log(0.9), [new ReplyTopLogprob("correct", Math.Log(0.9)), new ReplyTopLogprob("incorrect", Math.Log(0.1))])],
                })
                : ChatCompletionReply.Text(request.Model == "large" ? "large answer" : "Paris"));
        var cascade = Cascade(server, Verifier(samples: 1, method: VerifierMethod.Logprob, cost: 1, bins: 9), acceptFrom: 8);

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        var verification = Assert.Single(server.Requests, r => r.Logprobs);
        Assert.Equal(5, verification.TopLogprobs);
        Assert.Equal("Paris", result.Response.Text);
        var small = result.Trace.Steps[0];
        Assert.Equal(0.9, small.Confidence!.Value, 6);
        Assert.Equal(8, small.Bin);
        Assert.Equal(true, Assert.Single(small.Samples).Verdict);
    }

    [Fact]
    public async Task Logprob_verification_without_logprobs_names_the_tier()
    {
        // A server that ignores the logprobs request: a configuration error, never an escalation.
        await using var server = await LoopbackOpenAIServer.StartAsync(_ => ChatCompletionReply.Text("correct"));
        var cascade = Cascade(server, Verifier(samples: 1, method: VerifierMethod.Logprob, cost: 1, bins: 9), acceptFrom: 8);

        var error = await Assert.ThrowsAsync<AutoMixVerifierException>(() => cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("'small'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no logprobs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_final_tier_streams_over_server_sent_events()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Model == "large" ? ChatCompletionReply.Text("Paris is the capital of France.")
            : IsVerification(request) ? ChatCompletionReply.Text(Incorrect)
            : ChatCompletionReply.Text("Lyon"));
        var cascade = Cascade(server, Verifier(samples: 2, cost: 1), acceptFrom: 3);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in cascade.GetStreamingResponseAsync(Question(), cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        // The rejected small answer is never streamed; the large tier's deltas arrive as separate updates.
        Assert.DoesNotContain(updates, u => u.Text.Contains("Lyon", StringComparison.Ordinal));
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the final tier's deltas arrive as separate updates");
        var response = updates.ToChatResponse();
        Assert.Equal("Paris is the capital of France.", response.Text);
        Assert.True(server.Requests.Single(r => r.Model == "large").Stream);
        var trace = response.GetCascadeTrace()!;
        Assert.Equal(1, trace.AnsweringTier);
        Assert.Equal(trace.InputTokens, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task A_server_error_on_the_small_tier_escalates()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Model == "small" ? ChatCompletionReply.Error(500, "boom") : ChatCompletionReply.Text("Paris"));
        var cascade = Cascade(server, Verifier(samples: 2, cost: 1), acceptFrom: 0);

        var result = await cascade.RunAsync(Question(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Paris", result.Response.Text);
        Assert.Equal(CascadeStepOutcome.FailedEscalated, result.Trace.Steps[0].Outcome);
        Assert.IsType<System.ClientModel.ClientResultException>(result.Trace.Steps[0].Error);
    }
}
