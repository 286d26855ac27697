using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using AutoMix;
using AutoMix.Samples;
using AutoMix.Evaluation.Scoring;
using Microsoft.Extensions.AI;
using OpenAI;
using Spectre.Console;

namespace QuickstartSample;

/// <summary>
/// The same generated cascade against real OpenAI-compatible models (OpenAI, vLLM, Ollama, …) on the small
/// context-grounded question set in data/questions.jsonl, scored by exact match and token F1.
/// </summary>
internal static class LiveRun
{
    public static async Task<int> RunAsync(Uri endpoint, string smallModel, string largeModel, string? apiKey, CancellationToken cancellationToken)
    {
        var questions = await ReadQuestionsAsync(Path.Combine(AppContext.BaseDirectory, "data", "questions.jsonl"), cancellationToken);
        // The official OpenAI client for Microsoft.Extensions.AI, one IChatClient per tier. Local servers ignore the key.
        var openAI = new OpenAIClient(new ApiKeyCredential(apiKey ?? "unused"), new OpenAIClientOptions { Endpoint = endpoint });
        using IChatClient small = openAI.GetChatClient(smallModel).AsIChatClient();
        using IChatClient large = openAI.GetChatClient(largeModel).AsIChatClient();
        using var cascade = new Quickstart(small: small, large: large);
        AnsiConsole.MarkupLine(Markup.Escape($"AutoMix quickstart on {endpoint}: small {smallModel}, large {largeModel}, {questions.Count} questions."));

        double cascadeEm = 0, cascadeF1 = 0, cascadeCost = 0, smallEm = 0, smallF1 = 0, largeEm = 0, largeF1 = 0;
        var routed = 0;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("questions", maxValue: questions.Count);
            foreach (var item in questions)
            {
                ChatMessage[] messages =
                [
                    new(ChatRole.System, "Answer the question using only this context. Reply with the answer alone.\nContext: " + item.Context),
                    new(ChatRole.User, item.Question),
                ];
                var result = await cascade.RunAsync(messages, cancellationToken: cancellationToken);
                cascadeEm += AnswerScorer.ExactMatch(result.Response.Text, item.Gold);
                cascadeF1 += AnswerScorer.F1(result.Response.Text, item.Gold);
                cascadeCost += result.Trace.TotalCost;

                // Always-small is the small tier's own answer (asked for when the table did not call it);
                // always-large reuses the large answer when the cascade routed.
                var smallAnswer = SmallAnswerOf(result.Trace)
                    ?? (await small.GetResponseAsync(messages, cancellationToken: cancellationToken)).Text;
                smallEm += AnswerScorer.ExactMatch(smallAnswer, item.Gold);
                smallF1 += AnswerScorer.F1(smallAnswer, item.Gold);
                var largeAnswer = result.Trace.AnsweringTier == 1
                    ? result.Response.Text
                    : (await large.GetResponseAsync(messages, cancellationToken: cancellationToken)).Text;
                routed += result.Trace.AnsweringTier == 1 ? 1 : 0;
                largeEm += AnswerScorer.ExactMatch(largeAnswer, item.Gold);
                largeF1 += AnswerScorer.F1(largeAnswer, item.Gold);
                task.Increment(1);
            }
        });

        var n = questions.Count;
        var table = new Table().Title("[bold]Real models[/] (costs in the policy's units)")
            .AddColumn("strategy").AddColumn(new TableColumn("exact match").RightAligned())
            .AddColumn(new TableColumn("token F1").RightAligned()).AddColumn(new TableColumn("cost").RightAligned());
        table.AddRow("always small", F(smallEm / n), F(smallF1 / n), F(Quickstart.Definition.Tiers[0].Cost));
        table.AddRow("always large", F(largeEm / n), F(largeF1 / n), F(Quickstart.Definition.Tiers[1].Cost));
        table.AddRow("AutoMix POMDP", F(cascadeEm / n), F(cascadeF1 / n), F(cascadeCost / n));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"The cascade sent {routed} of {n} questions to the large model."));
        return 0;
    }

    private static async Task<IReadOnlyList<QuestionItem>> ReadQuestionsAsync(string path, CancellationToken cancellationToken)
    {
        var items = new List<QuestionItem>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            items.Add(JsonSerializer.Deserialize<QuestionItem>(line)
                ?? throw new InvalidDataException($"{path}({lineNumber}): not a question object."));
        }

        return items;
    }

    /// <summary>The small tier's answer in the trace; null when the table started past it or its call failed.</summary>
    private static string? SmallAnswerOf(CascadeTrace trace)
    {
        foreach (var step in trace.Steps)
        {
            if (step.TierIndex == 0 && step.Answer is not null)
            {
                return step.Answer;
            }
        }

        return null;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
