using System.Security.Cryptography;
using System.Text;
using AutoMix.Policies.Data;
using Xunit;

namespace AutoMix.Policies.Tests.Data;

public class RecordedRunReaderTests
{
    private const string Good1 = """{"id": "t/0", "task": "t", "split": "train", "prompt": "Q0", "runs": {"a": {"answer": "x", "score": 1.0, "cost_usd": 1e-05, "latency_ms": 12.5, "tokens_in": 7, "tokens_out": 2, "verifier": {"kind": "self-verification", "p_correct": 0.75}}}}""";
    private const string Good5 = """{"id": "t/4", "task": "t", "split": "test", "prompt": "Q4", "gold": "g", "runs": {"a": {"answer": "y", "score": 0, "verifier": {"kind": "self-consistency", "samples": ["y", "z"]}}}}""";

    private static readonly string Text = string.Join("\n",
        Good1,
        """{"id": "t/1", "runs": {""",
        """{"id": "t/2", "task": "t"}""",
        """{"id": "t/3", "runs": {"a": {"answer": "x", "score": 1.5, "verifier": {"kind": "k"}}}}""",
        Good5,
        string.Empty,
        """{"id": "t/6", "runs": {"a": {"answer": "x", "score": 1, "verifier": {"kind": "k", "p_correct": 2}}}}""",
        """[1, 2]""",
        """{"id": "t/8", "runs": {"a": {"answer": "x", "score": "high", "verifier": {"kind": "k"}}}}""",
        """{"id": "t/9", "runs": {"a": {"answer": "x", "score": 1}}}""") + "\n";

    [Fact]
    public void Malformed_lines_are_reported_with_their_line_number_and_the_rest_is_read()
    {
        var set = RecordedRunReader.Read(new StringReader(Text), "inline");

        Assert.Equal(new[] { "t/0", "t/4" }, set.Queries.Select(q => q.Id));
        Assert.Equal(new[] { 1, 5 }, set.Queries.Select(q => q.LineNumber));
        Assert.Equal(new[] { 2, 3, 4, 7, 8, 9, 10 }, set.Errors.Select(e => e.LineNumber));
        Assert.StartsWith("malformed JSON", set.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("no 'runs'", set.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("score 1.5 is outside [0, 1]", set.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Contains("p_correct 2 is outside [0, 1]", set.Errors[3].Reason, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", set.Errors[4].Reason, StringComparison.Ordinal);
        Assert.Contains("'score' of t/8/a must be a number", set.Errors[5].Reason, StringComparison.Ordinal);
        Assert.Contains("no 'verifier'", set.Errors[6].Reason, StringComparison.Ordinal);
        Assert.Equal("line 2: " + set.Errors[0].Reason, set.Errors[0].ToString());
    }

    [Fact]
    public void Fields_are_read()
    {
        var set = RecordedRunReader.Read(new StringReader(Text), "inline");
        var first = set.Queries[0];
        Assert.Equal(("t", "train", "Q0", (string?)null), (first.Task, first.Split, first.Prompt, first.Gold));
        var run = first.Runs["a"];
        Assert.Equal(new RecordedRun("x", 1.0, 1e-05, 12.5, 7, 2, run.Verifier), run);
        Assert.Equal(("self-verification", (double?)0.75), (run.Verifier.Kind, run.Verifier.PCorrect));
        Assert.Null(run.Verifier.Samples);

        var fifth = set.Queries[1];
        Assert.Equal("g", fifth.Gold);
        Assert.Equal(4, fifth.LineIndex);
        Assert.Equal(new[] { "y", "z" }, fifth.Runs["a"].Verifier.Samples);
        Assert.Null(fifth.Runs["a"].CostUsd);
        Assert.Equal(new[] { "a" }, set.Models);
    }

    [Fact]
    public void Hash_is_the_sha256_of_the_file_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), "automix-reader-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, Text, new UTF8Encoding(false));
        try
        {
            var expected = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
            var fromFile = RecordedRunReader.ReadFile(path);
            Assert.Equal(expected, fromFile.Sha256);
            Assert.Equal(expected, RecordedRunReader.Read(new StringReader(Text), "inline").Sha256);
            Assert.Equal(2, fromFile.Queries.Count);
            Assert.Equal(7, fromFile.Errors.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "automix-no-such-file-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var error = Assert.Throws<FileNotFoundException>(() => RecordedRunReader.ReadFile(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void Invalid_utf8_is_a_clear_error_and_a_bom_is_ignored()
    {
        var path = Path.Combine(Path.GetTempPath(), "automix-reader-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            File.WriteAllBytes(path, new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' });
            var error = Assert.Throws<InvalidDataException>(() => RecordedRunReader.ReadFile(path));
            Assert.Contains("is not valid UTF-8", error.Message, StringComparison.Ordinal);

            File.WriteAllText(path, Good1 + "\n", new UTF8Encoding(true));
            var set = RecordedRunReader.ReadFile(path);
            Assert.Empty(set.Errors);
            Assert.Single(set.Queries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => RecordedRunReader.Read(new StringReader(Text), "inline", cancelled.Token));
    }

    [Fact]
    public void Even_odd_split_uses_the_zero_based_file_line_and_split_field_filters()
    {
        var set = RecordedRunReader.Read(new StringReader(Text), "inline");

        // Line 1 is index 0 (even); line 5 is index 4 (even): the skipped lines in between do not shift the split.
        var (even, odd) = RecordedSplits.EvenOdd(set.Queries);
        Assert.Equal(new[] { "t/0", "t/4" }, even.Select(q => q.Id));
        Assert.Empty(odd);

        Assert.Equal(new[] { "t/0" }, RecordedSplits.BySplit(set.Queries, "TRAIN").Select(q => q.Id));
        Assert.Equal(new[] { "t/4" }, RecordedSplits.BySplit(set.Queries, "test").Select(q => q.Id));
    }

    [Fact]
    public void Real_files_parse_without_errors()
    {
        var set = Experiments.SharedData.Load("mot-cascade/gsm8k.jsonl");
        Assert.Equal(400, set.Queries.Count);
        Assert.Equal(new[] { "gpt-4", "llama-2-13b" }, set.Models);
        var (even, odd) = RecordedSplits.EvenOdd(set.Queries);
        Assert.Equal((200, 200), (even.Count, odd.Count));
        Assert.Equal(64, set.Sha256.Length);
    }
}
