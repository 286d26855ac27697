using System.Diagnostics;
using System.Reflection;
using AutoMix.Testing.OpenAI;
using Xunit;

namespace AutoMix.Samples.Tests;

public class QuickstartTests
{
    private static string QuickstartDll => Path.GetFullPath(typeof(QuickstartTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuickstartDll").Value!);

    [Fact]
    public async Task Offline_run_compares_the_generated_cascade_with_the_baselines_and_writes_the_plot()
    {
        var outDirectory = Path.Combine(Path.GetTempPath(), "automix-quickstart-" + Guid.NewGuid().ToString("N"));
        var (code, output, error) = await RunAsync("--queries", "800", "--seed", "7", "--out", outDirectory);

        Assert.True(code == 0, error + output);
        Assert.Contains("table generated at build time", output);
        Assert.DoesNotContain('\u001b', output); // redirected output: no colour or bold codes
        Assert.Contains("rational-cascades/triviaqa.train.jsonl", output);
        foreach (var strategy in new[] { "always small", "always large", "threshold", "AutoMix POMDP" })
        {
            Assert.Contains(strategy, output);
        }

        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(outDirectory, "cost-quality.svg")));
    }

    [Fact]
    public async Task Live_run_answers_the_question_set_through_real_http_and_scores_it()
    {
        // The small model answers "unknown" and judges itself wrong, so every question goes to the large model,
        // which answers from the context: the cascade matches always-large at a lower quality for always-small.
        var gold = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(QuickstartDll)!, "data", "questions.jsonl"))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("question").GetString()!, e => e.GetProperty("gold")[0].GetString()!);
        await using var server = await LoopbackOpenAIServer.StartAsync(request =>
        {
            var prompt = string.Join("\n", request.Messages.Select(m => m.Content));
            if (prompt.Contains("Verdict", StringComparison.Ordinal))
            {
                return ChatCompletionReply.Samples(Enumerable.Repeat("Not supported by the context.\nVerdict: incorrect", Math.Max(1, request.ChoiceCount)));
            }

            var question = request.Messages.Last(m => m.Role == "user").Content;
            return ChatCompletionReply.Text(request.Model == "large-model" ? gold[question] : "unknown");
        });

        var (code, output, error) = await RunAsync("--endpoint", server.Endpoint.ToString(), "--small", "small-model", "--large", "large-model");

        Assert.True(code == 0, error + output);
        Assert.Contains($"The cascade sent {gold.Count} of {gold.Count} questions to the large model.", output);
        Assert.Matches(@"AutoMix POMDP\s*│\s*1\.000", output);
        Assert.Matches(@"always small\s*│\s*0\.000", output);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(QuickstartDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
