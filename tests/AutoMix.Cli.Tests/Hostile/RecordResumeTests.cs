using System.Collections.Concurrent;
using AutoMix.Policies.Data;
using AutoMix.Testing.OpenAI;
using Xunit;

namespace AutoMix.Cli.Tests.Hostile;

/// <summary>
/// `record` resumes from &lt;out&gt;.partial: recorded ids are skipped, new lines appended, nothing paid for is
/// lost or asked twice; --restart starts over explicitly.
/// </summary>
public class RecordResumeTests
{
    /// <summary>A scripted upstream that counts the answer calls per (model, question number).</summary>
    private sealed class CountingUpstream
    {
        public ConcurrentDictionary<(string Model, int Question), int> Answers { get; } = new();

        public CancellationTokenSource? CancelAt { get; set; }

        public int CancelAtQuestion { get; set; } = -1;

        public async Task<ChatCompletionReply> HandleAsync(ChatCompletionRequest request, CancellationToken token)
        {
            var last = request.Messages[^1].Content;
            if (!last.Contains("### Case to check", StringComparison.Ordinal))
            {
                var number = int.Parse(last.Split(' ')[1].TrimEnd(':', '?'), System.Globalization.CultureInfo.InvariantCulture);
                Answers.AddOrUpdate((request.Model, number), 1, (_, n) => n + 1);
                if (number == CancelAtQuestion && CancelAt is { } cancel)
                {
                    await cancel.CancelAsync(); // the run is interrupted while this question is being answered
                    await Task.Delay(Timeout.Infinite, token);
                }
            }

            return RecordTests.Script(request);
        }
    }

    private static string NewOutput() => Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

    private static async Task<(int Code, string Out, string Error)> RecordAsync(LoopbackOpenAIServer server, string questions, string output, CancellationToken cancellationToken, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await AutoMixCommandLine.InvokeAsync(
            ["record", "--questions", questions, "--endpoint", server.Endpoint.ToString(), "--tiers", "small=small-m,large=large-m",
             "--policy", CliRunner.TempFile(RecordTests.Policy), "--out", output, "--concurrency", "1", .. extra],
            stdout, stderr, cancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task An_interrupted_run_resumes_without_asking_a_recorded_question_again()
    {
        var upstream = new CountingUpstream { CancelAt = new CancellationTokenSource(), CancelAtQuestion = 5 };
        await using var server = await LoopbackOpenAIServer.StartAsync(upstream.HandleAsync);
        var questions = RecordTests.Questions(8);
        var output = NewOutput();

        var first = await RecordAsync(server, questions, output, upstream.CancelAt.Token);
        upstream.CancelAtQuestion = -1;
        var second = await RecordAsync(server, questions, output, CancellationToken.None);

        Assert.Equal(130, first.Code);
        Assert.True(second.Code == 0, second.Out + second.Error);
        Assert.Contains("5 of 8 question(s) already recorded, 3 to go", second.Out, StringComparison.Ordinal);
        var set = RecordedRunReader.ReadFile(output);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"q{i}").Order(), set.Queries.Select(q => q.Id).Order());
        Assert.False(File.Exists(output + ".partial"));
        for (var question = 0; question < 5; question++)
        {
            Assert.Equal(1, upstream.Answers[("small-m", question)]);
            Assert.Equal(1, upstream.Answers[("large-m", question)]);
        }
    }

    [Fact]
    public async Task A_line_cut_off_by_a_kill_is_removed_and_its_question_recorded_again()
    {
        var upstream = new CountingUpstream();
        await using var server = await LoopbackOpenAIServer.StartAsync(upstream.HandleAsync);
        var questions = RecordTests.Questions(6);
        var complete = NewOutput();
        Assert.Equal(0, (await RecordAsync(server, questions, complete, CancellationToken.None)).Code);
        var lines = File.ReadAllLines(complete);
        var output = NewOutput();
        File.WriteAllText(output + ".partial", string.Join("\n", lines.Take(3)) + "\n" + lines[3][..(lines[3].Length / 2)]);
        upstream.Answers.Clear();

        var (code, stdout, stderr) = await RecordAsync(server, questions, output, CancellationToken.None);

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("removed an incomplete last line", stderr, StringComparison.Ordinal);
        Assert.Equal(new[] { 3, 4, 5 }, upstream.Answers.Keys.Where(k => k.Model == "small-m").Select(k => k.Question).Order());
        var set = RecordedRunReader.ReadFile(output);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"q{i}").Order(), set.Queries.Select(q => q.Id).Order());
        Assert.Equal(lines.Take(3), File.ReadAllLines(output).Take(3)); // the paid-for lines, byte for byte
    }

    [Fact]
    public async Task Restart_discards_the_partial_file_explicitly()
    {
        var upstream = new CountingUpstream();
        await using var server = await LoopbackOpenAIServer.StartAsync(upstream.HandleAsync);
        var questions = RecordTests.Questions(4);
        var complete = NewOutput();
        Assert.Equal(0, (await RecordAsync(server, questions, complete, CancellationToken.None)).Code);
        var output = NewOutput();
        File.WriteAllLines(output + ".partial", File.ReadAllLines(complete).Take(2));
        upstream.Answers.Clear();

        var (code, stdout, _) = await RecordAsync(server, questions, output, CancellationToken.None, "--restart");

        Assert.Equal(0, code);
        Assert.Contains("--restart: discarded", stdout, StringComparison.Ordinal);
        Assert.Equal(4, upstream.Answers.Keys.Count(k => k.Model == "small-m"));
        Assert.Equal(4, RecordedRunReader.ReadFile(output).Queries.Count);
    }
}
