using System.Text.Json;
using AutoMix.Policies.Data;
using AutoMix.Testing.OpenAI;
using Xunit;

namespace AutoMix.Cli.Tests;

public class RecordTests
{
    internal const string Policy = """
        automix: 1
        policy: RecordFixture
        tiers:
          - name: small
            model: small-m
            cost: 1
            verifier:
              method: self-verification
              samples: 4
          - name: large
            model: large-m
            cost: 20
        router:
          kind: threshold
          threshold: 0.5
        """;

    /// <summary>
    /// A scripted server: the large model always answers the gold answer; the small one is right on even questions
    /// only. Verifiers say "correct" exactly when the answer under review is right (so p_correct is 1 or 0).
    /// </summary>
    internal static ChatCompletionReply Script(ChatCompletionRequest request, Func<string, bool>? fail = null)
    {
        var last = request.Messages[^1].Content;
        if (last.Contains("### Case to check", StringComparison.Ordinal))
        {
            var answer = last.Split("AI Generated Answer: ")[1].Split('\n')[0];
            var right = answer.StartsWith("gold", StringComparison.Ordinal);
            var verdict = right ? "Reasoning: matches.\nVerdict: correct" : "Reasoning: does not match.\nVerdict: incorrect";
            return ChatCompletionReply.Samples(Enumerable.Repeat(verdict, request.ChoiceCount));
        }

        var number = int.Parse(last.Split(' ')[1].TrimEnd(':', '?'), System.Globalization.CultureInfo.InvariantCulture);
        if (fail?.Invoke(request.Model) == true && number == 3)
        {
            return ChatCompletionReply.Error(400, "model overloaded", "invalid_request_error");
        }

        var correct = request.Model == "large-m" || number % 2 == 0;
        return ChatCompletionReply.Text(correct ? $"gold {number}." : $"wrong {number}") with { Usage = new ReplyUsage(9, 3) };
    }

    internal static string Questions(int count, params string[] extraLines)
    {
        var lines = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? JsonSerializer.Serialize(new { id = $"q{i}", prompt = $"Question {i}: what?", gold = $"Gold {i}", split = i < count / 2 ? "train" : "test" })
            : JsonSerializer.Serialize(new { id = $"q{i}", question = $"Question {i}: what?", gold = new[] { "alias", $"gold {i}" }, split = i < count / 2 ? "train" : "test" }))
            .Concat(extraLines);
        return CliRunner.TempFile(string.Join("\n", lines), ".jsonl");
    }

    [Fact]
    public async Task Record_writes_shared_data_lines_that_calibrate_and_eval_read_back()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request => Script(request));
        var policy = CliRunner.TempFile(Policy);
        var questions = Questions(12);
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "record", "--questions", questions, "--endpoint", server.Endpoint.ToString(), "--tiers", "small=small-m,large=large-m",
            "--policy", policy, "--out", output, "--concurrency", "3");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("Recorded 12 question(s) x 2 tier(s)", stdout);
        Assert.Contains("small (small-m): exact match 0.5", stdout);
        var set = RecordedRunReader.ReadFile(output);
        Assert.Empty(set.Errors);
        Assert.Equal(12, set.Queries.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"q{i}"), set.Queries.Select(q => q.Id));
        var even = set.Queries[0].Runs["small-m"];
        Assert.Equal("gold 0.", even.Answer);
        Assert.Equal(1, even.Score);
        Assert.Equal(1, even.Verifier.PCorrect);
        Assert.Equal("self-verification", even.Verifier.Kind);
        Assert.Equal(9, even.TokensIn);
        var odd = set.Queries[1].Runs["small-m"];
        Assert.Equal(0, odd.Score);
        Assert.Equal(0, odd.Verifier.PCorrect);
        Assert.Equal(1, set.Queries[1].Runs["large-m"].Score); // matched the second gold alias
        using (var line = JsonDocument.Parse(File.ReadLines(output).First()))
        {
            var run = line.RootElement.GetProperty("runs").GetProperty("small-m");
            Assert.Equal(1, run.GetProperty("f1").GetDouble());
            Assert.Equal(4, run.GetProperty("verifier").GetProperty("verdicts").GetArrayLength());
            Assert.Equal("none", line.RootElement.GetProperty("runs").GetProperty("large-m").GetProperty("verifier").GetProperty("kind").GetString());
        }

        // Verification went through the runtime's estimator: one multi-choice request with n = 4 per verified answer.
        Assert.Equal(12, server.Requests.Count(r => r.N == 4));

        var calibrated = CliRunner.TempFile(File.ReadAllText(EvalTests.Fixture("two-tier.automix.yaml")));
        var calibrate = await CliRunner.RunAsync("calibrate", calibrated, "--runs", output, "--split", "train");
        Assert.True(calibrate.ExitCode == 0, calibrate.Out + calibrate.Error);
        Assert.Contains("Calibrated on 6 rows", calibrate.Out);

        var eval = await CliRunner.RunAsync("eval", calibrated, "--runs", output, "--json");
        Assert.True(eval.ExitCode == 0, eval.Out + eval.Error);
        using var report = JsonDocument.Parse(eval.Out);
        Assert.Equal(6, report.RootElement.GetProperty("data").GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Self_consistency_records_the_runtime_samples()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request => Script(request));
        var policy = CliRunner.TempFile(Policy.Replace("method: self-verification", "method: self-consistency").Replace("samples: 4", "samples: 3"));
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "record", "--questions", Questions(4), "--endpoint", server.Endpoint.ToString(), "--policy", policy, "--out", output);

        Assert.True(code == 0, stdout + stderr);
        var run = RecordedRunReader.ReadFile(output).Queries[1].Runs["small-m"];
        Assert.Equal("self-consistency", run.Verifier.Kind);
        Assert.Equal(new[] { "wrong 1", "wrong 1", "wrong 1" }, run.Verifier.Samples);
        Assert.Equal(1, RecordedConfidence.Of(run));
    }

    [Fact]
    public async Task An_interrupted_recording_keeps_the_finished_questions_beside_an_untouched_target()
    {
        using var cancellation = new CancellationTokenSource();
        await using var server = await LoopbackOpenAIServer.StartAsync(async (request, token) =>
        {
            if (request.Messages[^1].Content.StartsWith("Question 5:", StringComparison.Ordinal))
            {
                // Ctrl+C while question 5 is being answered.
                await cancellation.CancelAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }

            return Script(request);
        });
        var policy = CliRunner.TempFile(Policy);
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(output, "previous recording\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await AutoMixCommandLine.InvokeAsync(
            new[] { "record", "--questions", Questions(8), "--endpoint", server.Endpoint.ToString(), "--policy", policy, "--out", output, "--concurrency", "1" },
            stdout, stderr, cancellation.Token);

        Assert.Equal(130, code);
        Assert.Contains($"The 5 question(s) recorded so far are in {output}.partial; {output} was not changed. Run the same command again to resume", stderr.ToString());
        Assert.Equal("previous recording\n", File.ReadAllText(output));
        var partial = RecordedRunReader.ReadFile(output + ".partial");
        Assert.Equal(new[] { "q0", "q1", "q2", "q3", "q4" }, partial.Queries.Select(q => q.Id));
        Assert.Empty(partial.Errors);
    }

    [Fact]
    public async Task Logprob_verification_records_the_probability_of_correct()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
        {
            if (request.Messages[^1].Content.Contains("Reply with exactly one word", StringComparison.Ordinal))
            {
                return ChatCompletionReply.WithChoices(new ReplyChoice("correct")
                {
                    Logprobs = new[]
                    {
                        new ReplyTokenLogprob("correct", Math.Log(0.8), new[] { new ReplyTopLogprob("correct", Math.Log(0.8)), new ReplyTopLogprob("incorrect", Math.Log(0.2)) }),
                    },
                });
            }

            return Script(request);
        });
        var policy = CliRunner.TempFile(Policy.Replace("method: self-verification", "method: logprob").Replace("samples: 4", "samples: 1"));
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "record", "--questions", Questions(2), "--endpoint", server.Endpoint.ToString(), "--policy", policy, "--out", output);

        Assert.True(code == 0, stdout + stderr);
        var run = RecordedRunReader.ReadFile(output).Queries[0].Runs["small-m"];
        Assert.Equal(0.8, run.Verifier.PCorrect!.Value, 6); // the official SDK reads logprobs as float
        using var line = JsonDocument.Parse(File.ReadLines(output).First());
        Assert.Equal("logprob", line.RootElement.GetProperty("runs").GetProperty("small-m").GetProperty("verifier").GetProperty("method").GetString());
        Assert.Contains(server.Requests, r => r.Logprobs && r.TopLogprobs == 5);
    }

    [Fact]
    public async Task A_tier_can_use_its_own_endpoint()
    {
        await using var shared = await LoopbackOpenAIServer.StartAsync(request => Script(request));
        await using var own = await LoopbackOpenAIServer.StartAsync(request => Script(request));
        var policy = CliRunner.TempFile(Policy);
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "record", "--questions", Questions(4), "--endpoint", shared.Endpoint.ToString(),
            "--tiers", $"small=small-m,large=large-m@{own.Endpoint}", "--policy", policy, "--out", output);

        Assert.True(code == 0, stdout + stderr);
        Assert.All(shared.Requests, r => Assert.Equal("small-m", r.Model));
        Assert.Equal(4, own.Requests.Count);
        Assert.All(own.Requests, r => Assert.Equal("large-m", r.Model));
    }

    [Fact]
    public async Task Backend_errors_are_recorded_per_tier_and_fail_the_command_at_the_end()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request => Script(request, model => model == "large-m"));
        var policy = CliRunner.TempFile(Policy);
        var questions = Questions(6);
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "record", "--questions", questions, "--endpoint", server.Endpoint.ToString(), "--tiers", "small=small-m,large=large-m",
            "--policy", policy, "--out", output);

        Assert.Equal(3, code);
        Assert.Contains("11 run(s), 1 failed", stdout);
        Assert.Contains("error: 1 of 12 tier call(s) failed", stderr);
        Assert.Contains("q3 / large-m:", stderr);
        Assert.Contains("model overloaded", stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal(6, lines.Length);
        using var failed = JsonDocument.Parse(lines[3]);
        Assert.False(failed.RootElement.GetProperty("runs").TryGetProperty("large-m", out _));
        Assert.Contains("model overloaded", failed.RootElement.GetProperty("errors").GetProperty("large-m").GetString());
        Assert.Empty(RecordedRunReader.ReadFile(output).Errors);
    }

    [Fact]
    public async Task Malformed_question_lines_are_reported_and_skipped()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync(request => Script(request));
        var policy = CliRunner.TempFile(Policy);
        var questions = Questions(2, "not json", "{\"id\": \"q9\", \"prompt\": \"Question 9: what?\"}", "{\"id\": \"q0\", \"prompt\": \"Question 0: again?\", \"gold\": \"x\"}");
        var output = Path.Combine(Path.GetTempPath(), "automix-record-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "record", "--questions", questions, "--endpoint", server.Endpoint.ToString(), "--policy", policy, "--out", output);

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"{questions}(3): warning: skipped malformed question:", stderr);
        Assert.Contains($"{questions}(4): warning: skipped malformed question: question 'q9' has no 'gold' answer", stderr);
        Assert.Contains($"{questions}(5): warning: skipped malformed question: id 'q0' is used twice", stderr);
        Assert.Equal(2, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task Bad_endpoint_and_unset_api_key_variable_are_usage_errors()
    {
        var policy = CliRunner.TempFile(Policy);
        var questions = Questions(2);
        var badEndpoint = await CliRunner.RunAsync("record", "--questions", questions, "--endpoint", "localhost:8000", "--policy", policy, "--out", "x.jsonl");
        Assert.Equal(2, badEndpoint.ExitCode);
        Assert.Contains("--endpoint must be an absolute http(s) URL", badEndpoint.Error);

        var missingKey = await CliRunner.RunAsync(
            "record", "--questions", questions, "--endpoint", "http://127.0.0.1:9/v1", "--policy", policy, "--out", "x.jsonl",
            "--api-key-env", "AUTOMIX_TEST_SURELY_UNSET_" + Guid.NewGuid().ToString("N"));
        Assert.Equal(2, missingKey.ExitCode);
        Assert.Contains("environment variable is not set", missingKey.Error);
    }
}
