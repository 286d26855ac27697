using AutoMix.Policies.Model;
using AutoMix.Tests.Fakes;
using AutoMix.Verification;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Verification;

public class VerifierMethodTests
{
    private static (AutoMixCascade Cascade, FakeChatClient Small, FakeChatClient Large) Build(
        int samples, int acceptFrom, VerifierMethod method = VerifierMethod.SelfVerification, AutoMixCascadeOptions? options = null)
    {
        var tiers = TwoTiers(samples, method);
        var small = new FakeChatClient("small-model", "Paris");
        var large = new FakeChatClient("large-model", "Paris (large)");
        return (new AutoMixCascade(Definition(tiers, Threshold(tiers, acceptFrom)), new[] { small, large }, options), small, large);
    }

    [Fact]
    public async Task Self_verification_confidence_is_the_share_of_correct_verdicts()
    {
        var (cascade, small, large) = Build(samples: 4, acceptFrom: 3);
        small.Verdicts = new[] { Correct, Correct, Correct, Incorrect };

        var result = await cascade.RunAsync(Question());

        var step = Assert.Single(result.Trace.Steps);
        Assert.Equal(0.75, step.Confidence);
        Assert.Equal(3, step.Bin); // 5 equal bins: 0.75 -> [0.6, 0.8)
        Assert.Equal(CascadeStepOutcome.Accepted, step.Outcome);
        Assert.Equal(4, step.Samples.Count);
        Assert.Equal(3, step.Samples.Count(s => s.Verdict == true));
        Assert.Equal(4, small.VerifyCalls);
        Assert.Equal(0, large.TotalCalls);
        Assert.Equal("Paris", result.Response.Text);
    }

    [Fact]
    public async Task Verifier_samples_use_the_policy_temperature()
    {
        var (cascade, small, _) = Build(samples: 2, acceptFrom: 0);
        await cascade.RunAsync(Question());
        var verifierRequests = small.Requests.Where(r => FakeChatClient.IsVerification(r.Messages)).ToList();
        Assert.Equal(2, verifierRequests.Count);
        Assert.All(verifierRequests, r => Assert.Equal(1.0f, r.Options!.Temperature));
    }

    [Fact]
    public async Task Unparseable_verdicts_are_counted_and_left_out_of_the_ratio()
    {
        var (cascade, small, _) = Build(samples: 4, acceptFrom: 4);
        small.Verdicts = new[] { Correct, Correct, Incorrect, "I am not sure." };

        var step = (await cascade.RunAsync(Question())).Trace.Steps[0];

        Assert.Equal(1, step.UnparseableCount);
        Assert.Equal(2.0 / 3, step.Confidence!.Value, 12);
        Assert.Null(step.Samples.Single(s => s.Text == "I am not sure.").Verdict);
    }

    [Fact]
    public async Task No_parseable_verdict_gives_confidence_zero_and_bin_zero()
    {
        var (cascade, small, large) = Build(samples: 3, acceptFrom: 1);
        small.Verdicts = new[] { "hmm", "no idea", "Verdict: perhaps" };

        var result = await cascade.RunAsync(Question());

        var step = result.Trace.Steps[0];
        Assert.Equal(0, step.Confidence);
        Assert.Equal(0, step.Bin);
        Assert.Equal(3, step.UnparseableCount);
        Assert.Equal(CascadeStepOutcome.Routed, step.Outcome);
        Assert.Equal(1, large.AnswerCalls);
    }

    [Fact]
    public async Task Verifier_samples_are_drawn_concurrently()
    {
        var (cascade, small, _) = Build(samples: 6, acceptFrom: 0);
        small.VerifyDelay = TimeSpan.FromMilliseconds(200);

        await cascade.RunAsync(Question());

        Assert.Equal(6, small.MaxActive);
    }

    [Fact]
    public async Task Multi_choice_requests_ask_for_k_choices_in_one_call()
    {
        var (cascade, small, _) = Build(samples: 4, acceptFrom: 0, options: new AutoMixCascadeOptions { UseMultiChoiceRequests = true });
        small.SupportsChoiceCount = true;
        small.Verdicts = new[] { Correct, Incorrect, Correct, Correct };

        var step = (await cascade.RunAsync(Question())).Trace.Steps[0];

        Assert.Equal(1, small.VerifyCalls);
        Assert.Equal(4, small.Requests.Single(r => FakeChatClient.IsVerification(r.Messages)).Options!.AdditionalProperties!["n"]);
        Assert.Equal(4, step.Samples.Count);
        Assert.Equal(0.75, step.Confidence);
    }

    [Fact]
    public async Task Multi_choice_falls_back_to_single_calls_for_missing_choices()
    {
        var (cascade, small, _) = Build(samples: 4, acceptFrom: 0, options: new AutoMixCascadeOptions { UseMultiChoiceRequests = true });
        small.SupportsChoiceCount = false; // backend ignores "n" and returns one message

        var step = (await cascade.RunAsync(Question())).Trace.Steps[0];

        Assert.Equal(4, small.VerifyCalls);
        Assert.Equal(4, step.Samples.Count);
    }

    [Fact]
    public async Task Self_consistency_confidence_is_the_share_of_samples_equal_to_the_answer()
    {
        var (cascade, small, _) = Build(samples: 4, acceptFrom: 4, method: VerifierMethod.SelfConsistency);
        small.SampleAnswers = new[] { "paris.", "  PARIS ", "Paris!", "Lyon" };

        var step = (await cascade.RunAsync(Question())).Trace.Steps[0];

        Assert.Equal(0.75, step.Confidence);
        Assert.Equal(0, step.UnparseableCount);
        Assert.Equal(new bool?[] { true, true, true, false }, step.Samples.Select(s => s.Verdict).OrderByDescending(v => v).ToArray());
        Assert.Equal(5, small.AnswerCalls); // the answer plus four samples of the same task prompt
        Assert.Equal(0, small.VerifyCalls);
    }

    [Fact]
    public async Task Logprob_confidence_is_the_probability_of_correct()
    {
        var (cascade, small, _) = Build(samples: 1, acceptFrom: 0, method: VerifierMethod.Logprob);
        small.Logprobs = new[]
        {
            new TokenLogprob(" ", Math.Log(0.99), Array.Empty<TokenLogprob>()),
            new TokenLogprob("correct", Math.Log(0.6), new[]
            {
                new TokenLogprob("correct", Math.Log(0.6), Array.Empty<TokenLogprob>()),
                new TokenLogprob(" Correct", Math.Log(0.1), Array.Empty<TokenLogprob>()),
                new TokenLogprob("incorrect", Math.Log(0.25), Array.Empty<TokenLogprob>()),
            }),
        };

        var step = (await cascade.RunAsync(Question())).Trace.Steps[0];

        Assert.Equal(0.7, step.Confidence!.Value, 9);
        Assert.Equal(true, Assert.Single(step.Samples).Verdict);
        var request = small.Requests.Single(r => FakeChatClient.IsVerification(r.Messages));
        Assert.Equal(true, request.Options!.AdditionalProperties!["logprobs"]);
        Assert.Equal(5, request.Options.AdditionalProperties["top_logprobs"]);
    }

    [Fact]
    public async Task Logprob_without_logprobs_names_the_tier_and_is_not_escalated()
    {
        var (cascade, _, large) = Build(samples: 1, acceptFrom: 0, method: VerifierMethod.Logprob);

        var ex = await Assert.ThrowsAsync<AutoMixVerifierException>(() => cascade.RunAsync(Question()));

        Assert.Equal("small", ex.Tier);
        Assert.Contains("tier 'small'", ex.Message);
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public async Task Logprobs_of_another_type_are_reported_as_a_contract_mismatch()
    {
        var foreign = new AdditionalPropertiesDictionary { ["logprobs"] = new List<(string, double)> { ("correct", -0.1) } };
        var tiers = TwoTiers(1, VerifierMethod.Logprob);
        var client = new LogprobShapeClient(foreign);
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new IChatClient[] { client, new FakeChatClient("l") });

        var ex = await Assert.ThrowsAsync<AutoMixVerifierException>(() => cascade.RunAsync(Question()));

        Assert.Contains("not IReadOnlyList<AutoMix.Verification.TokenLogprob>", ex.Message);
    }

    private sealed class LogprobShapeClient(AdditionalPropertiesDictionary properties) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "correct")) { AdditionalProperties = properties });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Verifier_calls_do_not_see_the_callers_tools_or_response_format()
    {
        var (cascade, small, _) = Build(samples: 2, acceptFrom: 0);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 };

        await cascade.RunAsync(Question(), options);

        var answer = small.Requests.Single(r => !FakeChatClient.IsVerification(r.Messages));
        // The answer call gets the caller's settings (in a copy carrying the cascade's markers).
        Assert.Same(options.ResponseFormat, answer.Options!.ResponseFormat);
        Assert.Equal(options.Temperature, answer.Options.Temperature);
        Assert.Equal(AutoMixRequestProperties.AnswerPurpose, answer.Options.GetPurpose());
        Assert.All(small.Requests.Where(r => FakeChatClient.IsVerification(r.Messages)), r => Assert.Null(r.Options!.ResponseFormat));
    }
}

public class RequestPropertiesTests
{
    [Theory]
    [InlineData(VerifierMethod.SelfVerification, false)]
    [InlineData(VerifierMethod.SelfVerification, true)]
    [InlineData(VerifierMethod.SelfConsistency, false)]
    public async Task Every_backend_call_names_its_purpose_tier_question_and_sample(VerifierMethod method, bool multiChoice)
    {
        var tiers = TwoTiers(4, method);
        var small = new FakeChatClient("small-model", "Paris") { SupportsChoiceCount = true };
        var large = new FakeChatClient("large-model", "Paris (large)");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 5)), new[] { small, large }, new AutoMixCascadeOptions { UseMultiChoiceRequests = multiChoice, NameVerifierSamples = true });
        var caller = new ChatOptions { AdditionalProperties = new() { ["automix.custom"] = "caller's", ["min_p"] = 0.1 } };

        await cascade.RunAsync(Question(), caller);

        var requests = small.Requests.ToList(); // in arrival order: the answer comes before its verification
        var answer = requests[0].Options!;
        Assert.Equal(AutoMixRequestProperties.AnswerPurpose, answer.GetPurpose());
        Assert.Equal("small", answer.GetTier());
        Assert.Null(answer.GetSampleIndex());
        Assert.False(answer.AdditionalProperties!.ContainsKey("automix.custom"));
        Assert.Equal(0.1, answer.AdditionalProperties["min_p"]);
        var verification = requests.Skip(1).Select(r => r.Options!).ToList();
        Assert.All(verification, o => Assert.Equal(AutoMixRequestProperties.VerificationPurpose, o.GetPurpose()));
        Assert.All(verification, o => Assert.Equal(answer.GetQuestion(), o.GetQuestion()));
        var indexes = verification.Select(o => o.GetSampleIndex()!.Value).OrderBy(i => i).ToList();
        Assert.Equal(multiChoice ? new[] { 0 } : new[] { 0, 1, 2, 3 }, indexes);
        var final = Assert.Single(large.Requests).Options!;
        Assert.Equal(AutoMixRequestProperties.AnswerPurpose, final.GetPurpose());
        Assert.Equal("large", final.GetTier());
        Assert.Equal("caller's", caller.AdditionalProperties!["automix.custom"]);
    }

    [Fact]
    public async Task Samples_are_unnamed_by_default_and_share_one_options_instance()
    {
        // Naming samples is for seeded replays; real backends get one marked options object for the whole batch.
        var tiers = TwoTiers(4, VerifierMethod.SelfVerification);
        var small = new FakeChatClient("small-model", "Paris");
        var large = new FakeChatClient("large-model", "Paris (large)");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 5)), new[] { small, large });

        await cascade.RunAsync(Question());

        var verification = small.Requests.Skip(1).Select(r => r.Options!).ToList();
        Assert.Equal(4, verification.Count);
        Assert.All(verification, o => Assert.Null(o.GetSampleIndex()));
        Assert.All(verification, o => Assert.Equal(AutoMixRequestProperties.VerificationPurpose, o.GetPurpose()));
        Assert.Single(verification.Distinct());
    }

    [Fact]
    public async Task Logprob_verification_is_marked_as_verification()
    {
        var tiers = TwoTiers(1, VerifierMethod.Logprob);
        var small = new FakeChatClient("small-model", "Paris")
        {
            Logprobs = new[] { new TokenLogprob("correct", -0.1, new[] { new TokenLogprob("correct", -0.1, Array.Empty<TokenLogprob>()) }) },
        };
        var large = new FakeChatClient("large-model", "Paris (large)");
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 0)), new[] { small, large });

        await cascade.RunAsync(Question());

        var verification = small.Requests.ToList()[1].Options!;
        Assert.Equal(AutoMixRequestProperties.VerificationPurpose, verification.GetPurpose());
        Assert.Equal(0, verification.GetSampleIndex());
    }
}
