using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;
using AutoMix.Evaluation.Replay;
using AutoMix.Verification;
using Microsoft.Extensions.AI;
using Xunit;

namespace AutoMix.Evaluation.Tests.Replay;

public class RecordedRunReplayTests
{
    private static readonly Dictionary<string, string> Map = new() { ["small"] = "s", ["large"] = "l" };

    private static RecordedQuery Query(string id, string prompt, double pSmall, IReadOnlyList<string>? samples = null, double smallScore = 1) =>
        new(id, "t", "test", prompt, null, new Dictionary<string, RecordedRun>
        {
            ["s"] = new("small answer " + id, smallScore, 0.1, 10, 12, 3, new RecordedVerifierSignal(samples is null ? "self-verification" : "self-consistency", samples is null ? pSmall : null, samples)),
            ["l"] = new("large answer " + id, 1, 1, 10, null, null, new RecordedVerifierSignal("none", null, null)),
        }, 1);

    private static ChatOptions Verification(int sample, int? n = null, bool logprobs = false)
    {
        var props = new AdditionalPropertiesDictionary
        {
            [AutoMixRequestProperties.Purpose] = AutoMixRequestProperties.VerificationPurpose,
            [AutoMixRequestProperties.SampleIndex] = sample,
            [AutoMixRequestProperties.Question] = "Q1",
        };
        if (n is { } count)
        {
            props["n"] = count;
        }

        if (logprobs)
        {
            props["logprobs"] = true;
        }

        return new ChatOptions { AdditionalProperties = props };
    }

    private static readonly ChatMessage[] VerificationPrompt = { new(ChatRole.User, "### Case to check\n... Verdict ...") };

    [Fact]
    public async Task Task_answers_are_the_recorded_answers_of_the_tiers_model_with_recorded_usage()
    {
        var replay = new RecordedRunReplay(new[] { Query("a", "Q1", 0.5), Query("b", "Q2", 0.5) }, Map, seed: 1);
        var clients = replay.CreateClients(new[] { "small", "large" });

        var small = await clients[0].GetResponseAsync("Q2");
        var large = await clients[1].GetResponseAsync(new[] { new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "Q1") });

        Assert.Equal("small answer b", small.Text);
        Assert.Equal("s", small.ModelId);
        Assert.Equal(12, small.Usage!.InputTokenCount);
        Assert.Equal(3, small.Usage.OutputTokenCount);
        Assert.Equal("large answer a", large.Text);
        Assert.Null(large.Usage);
    }

    [Fact]
    public async Task Unknown_prompts_and_missing_runs_fail_clearly()
    {
        var partial = new RecordedQuery("p", "t", null, "Q3", null, new Dictionary<string, RecordedRun>
        {
            ["s"] = new("x", 1, null, null, null, null, new RecordedVerifierSignal("self-verification", 1, null)),
        }, 7);
        var replay = new RecordedRunReplay(new[] { Query("a", "Q1", 0.5), partial }, Map, seed: 1);
        var clients = replay.CreateClients(new[] { "small", "large" });

        var unknown = await Assert.ThrowsAsync<RecordedRunReplayException>(() => clients[0].GetResponseAsync("Q9"));
        Assert.Contains("No recorded query has the prompt \"Q9\"", unknown.Message);
        var missing = await Assert.ThrowsAsync<RecordedRunReplayException>(() => clients[1].GetResponseAsync("Q3"));
        Assert.Contains("Query 'p' (line 7) has no run of model 'l' (tier 'large')", missing.Message);
    }

    [Fact]
    public async Task Duplicate_prompts_with_different_runs_are_ambiguous_but_bound_clients_answer_them()
    {
        var first = Query("a", "Q1", 0.5);
        var second = Query("b", "Q1", 0.9);
        var replay = new RecordedRunReplay(new[] { first, second }, Map, seed: 1);

        var ambiguous = await Assert.ThrowsAsync<RecordedRunReplayException>(() => replay.CreateClients(new[] { "small" })[0].GetResponseAsync("Q1"));
        Assert.Contains("recorded 2 times (a, b)", ambiguous.Message);
        var bound = await replay.CreateClients(second, new[] { "small" })[0].GetResponseAsync("Q1");
        Assert.Equal("small answer b", bound.Text);
    }

    [Theory]
    [InlineData(1.0, 8)]
    [InlineData(0.0, 0)]
    public async Task Certain_confidences_give_unanimous_verdicts(double p, int expectedCorrect)
    {
        var replay = new RecordedRunReplay(new[] { Query("a", "Q1", p) }, Map, seed: 3);
        var client = replay.CreateClients(new[] { "small" })[0];

        var response = await client.GetResponseAsync(VerificationPrompt, Verification(0, n: 8));

        Assert.Equal(8, response.Messages.Count);
        Assert.Equal(expectedCorrect, response.Messages.Count(m => CascadePrompts.Default.ParseVerdict(m.Text) == true));
        Assert.All(response.Messages, m => Assert.NotNull(CascadePrompts.Default.ParseVerdict(m.Text)));
    }

    [Fact]
    public async Task Verdicts_depend_on_query_tier_and_sample_index_not_on_call_order()
    {
        var replay = new RecordedRunReplay(new[] { Query("a", "Q1", 0.5) }, Map, seed: 11);
        var client = replay.CreateClients(new[] { "small" })[0];

        var multi = await client.GetResponseAsync(VerificationPrompt, Verification(0, n: 32));
        var singles = new List<string>();
        foreach (var index in Enumerable.Range(0, 32).Reverse())
        {
            singles.Insert(0, (await client.GetResponseAsync(VerificationPrompt, Verification(index))).Text);
        }

        Assert.Equal(multi.Messages.Select(m => m.Text), singles);
        var correct = singles.Count(t => CascadePrompts.Default.ParseVerdict(t) == true);
        Assert.InRange(correct, 6, 26); // p = 0.5 over 32 draws: both verdicts occur

        var otherSeed = new RecordedRunReplay(new[] { Query("a", "Q1", 0.5) }, Map, seed: 12).CreateClients(new[] { "small" })[0];
        var reseeded = await otherSeed.GetResponseAsync(VerificationPrompt, Verification(0, n: 32));
        Assert.NotEqual(multi.Messages.Select(m => m.Text), reseeded.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Self_consistency_samples_come_from_the_recorded_samples()
    {
        var samples = new[] { "A", "B", "C" };
        var replay = new RecordedRunReplay(new[] { Query("a", "Q1", 0, samples) }, Map, seed: 1);
        var client = replay.CreateClients(new[] { "small" })[0];

        // The task prompt again (last user message = the question) is a self-consistency sample.
        var response = await client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "Q1") }, Verification(0, n: 30));

        Assert.Equal(30, response.Messages.Count);
        Assert.All(response.Messages, m => Assert.Contains(m.Text, samples));
        Assert.Equal(3, response.Messages.Select(m => m.Text).Distinct().Count());
    }

    [Fact]
    public async Task In_recorded_order_sample_i_is_recorded_sample_i_whatever_the_seed()
    {
        var samples = new[] { "A", "B", "C" };
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var replay = new RecordedRunReplay(new[] { Query("a", "Q1", 0, samples) }, Map, seed) { RecordedSampleOrder = true };
            var client = replay.CreateClients(new[] { "small" })[0];

            // Samples 2..6 of a later round: the numbering continues, and the order wraps around the 3 recorded samples.
            var response = await client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "Q1") }, Verification(2, n: 5), TestContext.Current.CancellationToken);

            Assert.Equal(new[] { "C", "A", "B", "C", "A" }, response.Messages.Select(m => m.Text));
        }
    }

    [Fact]
    public async Task Logprob_verification_puts_correct_at_the_recorded_confidence()
    {
        var replay = new RecordedRunReplay(new[] { Query("a", "Q1", 0.3) }, Map, seed: 1);
        var client = replay.CreateClients(new[] { "small" })[0];

        var response = await client.GetResponseAsync(VerificationPrompt, Verification(0, logprobs: true));

        var tokens = Assert.IsAssignableFrom<IReadOnlyList<TokenLogprob>>(response.AdditionalProperties!["logprobs"]);
        var top = Assert.Single(tokens).TopLogprobs;
        Assert.Equal(0.3, Math.Exp(top.Single(t => t.Token == "correct").Logprob), 12);
        Assert.Equal(0.7, Math.Exp(top.Single(t => t.Token == "incorrect").Logprob), 12);
    }

    [Theory]
    [InlineData(VerifierMethod.SelfVerification)]
    [InlineData(VerifierMethod.Logprob)]
    public async Task The_runtime_over_replayed_backends_is_deterministic_whatever_the_concurrency(VerifierMethod method)
    {
        var queries = Enumerable.Range(0, 60).Select(i => Query("q" + i, "Prompt " + i, (i % 10) / 10.0, smallScore: i % 3 == 0 ? 0 : 1)).ToList();
        var samples = method == VerifierMethod.Logprob ? 1 : 8;
        var verifier = new VerifierSpec(method, samples, 1.0, 1, ObservationBinning.Equal(samples == 1 ? 9 : samples + 1), default);
        var tiers = new[] { new CascadeTier("small", "s", 1, verifier), new CascadeTier("large", "l", 10, null) };
        var tableTiers = new[] { new TableTier("small", "s", 1, 1, verifier.Binning.BinCount), new TableTier("large", "l", 10, 0, 0) };
        var table = PolicyTableBuilder.Build(tableTiers, (tier, _, bin) => bin >= verifier.Binning.BinCount / 2 ? TableAction.Accept : TableAction.RouteTo(1));
        var definition = new CascadeDefinition("replay", tiers, table);

        var one = await CascadeReplayEvaluator.RunAsync(definition, queries, Map, 5, 1, null, CancellationToken.None);
        var eight = await CascadeReplayEvaluator.RunAsync(definition, queries, Map, 5, 8, null, CancellationToken.None);

        Assert.Equal(one, eight);
        Assert.Contains(one, q => q.AnsweringTier == 0);
        Assert.Contains(one, q => q.AnsweringTier == 1);
        Assert.All(one, q => Assert.Equal(q.AnsweringTier == 0 ? 2 : 12, q.Cost));
        Assert.All(one, q => Assert.Equal(q.AnsweringTier == 0 ? queries.Single(x => x.Id == q.Id).Runs["s"].Score : 1, q.Score));
    }
}
