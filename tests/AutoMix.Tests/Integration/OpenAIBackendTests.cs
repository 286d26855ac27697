using System.Collections.Concurrent;
using AutoMix.OpenAI;
using AutoMix.Testing.OpenAI;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Integration;

/// <summary>The cascade over the real OpenAI-compatible adapter and a loopback HTTP server (127.0.0.1 only).</summary>
public class OpenAIBackendTests
{
    private static Func<ChatCompletionRequest, ChatCompletionReply> Script(int correctVerdicts, ConcurrentQueue<ChatCompletionRequest> seen) => request =>
    {
        seen.Enqueue(request);
        if (request.Model == "large")
        {
            return ChatCompletionReply.Text("Paris is the capital of France.");
        }

        var isVerification = request.Messages.Any(m => m.Content.Contains("### Case to check", StringComparison.Ordinal));
        return isVerification
            ? ChatCompletionReply.Samples(Enumerable.Range(0, request.ChoiceCount).Select(i => i < correctVerdicts ? Correct : Incorrect))
            : ChatCompletionReply.Text("Lyon");
    };

    private static AutoMixCascade Cascade(LoopbackOpenAIServer server, int acceptFrom, AutoMixCascadeOptions options)
    {
        var tiers = new[]
        {
            new CascadeTier("small", "small", 1, Verifier(samples: 8, cost: 1)),
            new CascadeTier("large", "large", 20, null),
        };
        IChatClient Client(string model) => new OpenAICompatibleChatClient(new OpenAICompatibleClientOptions { Endpoint = server.Endpoint, DefaultModelId = model, MaxRetries = 0 });
        return new AutoMixCascade(Definition(tiers, Threshold(tiers, acceptFrom)), new[] { Client("small"), Client("large") }, options);
    }

    [Fact]
    public async Task Multi_choice_self_verification_uses_one_request_with_n()
    {
        var seen = new ConcurrentQueue<ChatCompletionRequest>();
        await using var server = await LoopbackOpenAIServer.StartAsync(Script(correctVerdicts: 2, seen));
        var cascade = Cascade(server, acceptFrom: 6, new AutoMixCascadeOptions { UseMultiChoiceRequests = true });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("Paris is the capital of France.", result.Response.Text);
        var small = result.Trace.Steps[0];
        Assert.Equal("Lyon", small.Answer);
        Assert.Equal(8, small.Samples.Count);
        Assert.Equal(0.25, small.Confidence);
        var verification = Assert.Single(seen, r => r.Model == "small" && r.ChoiceCount > 1);
        Assert.Equal(8, verification.N);
        Assert.Equal(1.0, verification.Temperature);
        Assert.Equal(3, seen.Count); // answer, one n = 8 verification, large
        Assert.True(result.Response.Usage!.InputTokenCount > 0);
        Assert.Equal(result.Trace.InputTokens, result.Response.Usage.InputTokenCount);
    }

    [Fact]
    public async Task Concurrent_single_requests_without_multi_choice()
    {
        var seen = new ConcurrentQueue<ChatCompletionRequest>();
        await using var server = await LoopbackOpenAIServer.StartAsync(Script(correctVerdicts: 1, seen));
        var cascade = Cascade(server, acceptFrom: 0, new AutoMixCascadeOptions());

        var result = await cascade.RunAsync(Question());

        Assert.Equal("Lyon", result.Response.Text);
        Assert.Equal(8, seen.Count(r => r.Model == "small" && r.Messages.Any(m => m.Content.Contains("### Case to check", StringComparison.Ordinal))));
        Assert.Equal(1.0, result.Trace.Steps[0].Confidence); // each single request gets the first scripted verdict: correct
    }

    [Fact]
    public async Task Streams_the_final_tier_over_server_sent_events()
    {
        var seen = new ConcurrentQueue<ChatCompletionRequest>();
        await using var server = await LoopbackOpenAIServer.StartAsync(Script(correctVerdicts: 0, seen));
        var cascade = Cascade(server, acceptFrom: 6, new AutoMixCascadeOptions { UseMultiChoiceRequests = true });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in cascade.GetStreamingResponseAsync(Question()))
        {
            updates.Add(update);
        }

        Assert.DoesNotContain(updates, u => u.Text.Contains("Lyon", StringComparison.Ordinal));
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the final tier's deltas arrive as separate updates");
        var response = updates.ToChatResponse();
        Assert.Equal("Paris is the capital of France.", response.Text);
        Assert.True(seen.Single(r => r.Model == "large").Stream);
        var trace = response.GetCascadeTrace()!;
        Assert.Equal(1, trace.AnsweringTier);
        Assert.Equal(trace.InputTokens, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task Server_error_on_the_small_tier_escalates()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Model == "small" ? ChatCompletionReply.Error(500, "boom") : ChatCompletionReply.Text("Paris"));
        var cascade = Cascade(server, acceptFrom: 0, new AutoMixCascadeOptions());

        var result = await cascade.RunAsync(Question());

        Assert.Equal("Paris", result.Response.Text);
        Assert.Equal(CascadeStepOutcome.FailedEscalated, result.Trace.Steps[0].Outcome);
        Assert.Contains("boom", result.Trace.Steps[0].Error!.Message);
    }

    [Fact]
    public async Task Logprob_verification_reads_the_adapters_logprobs()
    {
        // The small tier answers, then one logprob verification: "correct" at 0.9 → bin 8 of 9 → accept.
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
            request.Logprobs == true
                ? ChatCompletionReply.WithChoices(new ReplyChoice("correct")
                {
                    Logprobs = [new ReplyTokenLogprob("correct", Math.Log(0.9), [new ReplyTopLogprob("correct", Math.Log(0.9)), new ReplyTopLogprob("incorrect", Math.Log(0.1))])],
                })
                : ChatCompletionReply.Text(request.Model == "large" ? "large answer" : "Paris"));
        var tiers = new[]
        {
            new CascadeTier("small", "small", 1, Verifier(samples: 1, method: AutoMix.Policies.Model.VerifierMethod.Logprob, cost: 1, bins: 9)),
            new CascadeTier("large", "large", 20, null),
        };
        IChatClient Client(string model) => new OpenAICompatibleChatClient(new OpenAICompatibleClientOptions { Endpoint = server.Endpoint, DefaultModelId = model, MaxRetries = 0 });
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, acceptFrom: 8)), new[] { Client("small"), Client("large") });

        var result = await cascade.RunAsync(Question());

        Assert.Equal("Paris", result.Response.Text);
        Assert.Equal(0.9, result.Trace.Steps[0].Confidence!.Value, 6);
        Assert.Equal(8, result.Trace.Steps[0].Bin);
    }
}
