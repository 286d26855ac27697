using AutoMix.Policies.Data;
using Xunit;

namespace AutoMix.Policies.Tests.Data;

public class RecordedConfidenceTests
{
    private static RecordedRun Run(string answer, double? p, params string[]? samples) =>
        new(answer, 1, null, null, null, null, new RecordedVerifierSignal("k", p, samples));

    [Fact]
    public void P_correct_wins_over_samples()
    {
        Assert.Equal(0.3, RecordedConfidence.Of(Run("a", 0.3, "a", "a")));
        Assert.True(RecordedConfidence.HasUsableSignal(Run("a", 0.3)));
    }

    [Fact]
    public void Sample_share_is_trimmed_and_case_insensitive()
    {
        Assert.Equal(0.75, RecordedConfidence.Of(Run(" Paris", null, "paris ", "PARIS", "Lyon", "Paris")));
        Assert.Equal(0.0, RecordedConfidence.Of(Run("a", null, "b", "c")));
        Assert.True(RecordedConfidence.HasUsableSignal(Run("a", null, "b")));
    }

    [Fact]
    public void Empty_or_missing_signal_is_zero_and_unusable()
    {
        var empty = Run("a", null);
        var missing = new RecordedRun("a", 1, null, null, null, null, new RecordedVerifierSignal("k", null, null));
        Assert.Equal(0.0, RecordedConfidence.Of(empty));
        Assert.Equal(0.0, RecordedConfidence.Of(missing));
        Assert.False(RecordedConfidence.HasUsableSignal(empty));
        Assert.False(RecordedConfidence.HasUsableSignal(missing));
    }

    [Fact]
    public void Summary_counts_unusable_and_zero_confidence_rows()
    {
        RecordedQuery Query(int line, RecordedRun run) =>
            new("q" + line, "t", null, "p", null, new Dictionary<string, RecordedRun> { ["m"] = run }, line);

        var rows = new[]
        {
            Query(1, Run("a", null)),          // empty samples: unusable and zero
            Query(2, Run("a", null, "b")),     // usable, zero
            Query(3, Run("a", 0.0)),           // usable, zero
            Query(4, Run("a", 0.9)),
            new RecordedQuery("q5", "t", null, "p", null, new Dictionary<string, RecordedRun>(), 5),
        };

        Assert.Equal(new ConfidenceSummary("m", 4, 1, 3), RecordedConfidence.Summarize(rows, "m"));
    }

    [Fact]
    public void Real_self_consistency_rows_with_empty_samples_are_counted()
    {
        var set = Experiments.SharedData.Load("mot-cascade/gsm8k.jsonl");
        var summary = RecordedConfidence.Summarize(set.Queries, "llama-2-13b");
        Assert.Equal(400, summary.Rows);
        Assert.InRange(summary.NoUsableSignal, 0, summary.ZeroConfidence);
        var expectedEmpty = set.Queries.Count(q => q.Runs["llama-2-13b"].Verifier.Samples is not { Count: > 0 });
        Assert.Equal(expectedEmpty, summary.NoUsableSignal);
    }
}
