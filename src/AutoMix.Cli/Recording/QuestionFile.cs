using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AutoMix.Cli.Infrastructure;

namespace AutoMix.Cli.Recording;

/// <summary>One question to record: its prompt (the single user message every tier answers) and gold answers.</summary>
internal sealed record Question(string Id, string Task, string? Split, string Prompt, IReadOnlyList<string> Golds, int LineNumber);

/// <summary>
/// Reads the questions of <c>automix record</c>: JSON Lines with <c>id</c>, <c>prompt</c> (or <c>question</c> and an
/// optional <c>context</c>), <c>gold</c> (a string or a list of strings), optional <c>task</c> and <c>split</c>.
/// A malformed line is reported with its line number and skipped; the rest are still recorded.
/// </summary>
internal static class QuestionFile
{
    public static IReadOnlyList<Question> Read(string path, CliContext context)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"error: questions file '{path}' does not exist.");
        }

        var task = Path.GetFileNameWithoutExtension(path);
        var questions = new List<Question>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        var malformed = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                var question = Parse(line, lineNumber, task);
                if (!ids.Add(question.Id))
                {
                    throw new FormatException($"id '{question.Id}' is used twice");
                }

                questions.Add(question);
            }
            catch (Exception exception) when (exception is JsonException or FormatException)
            {
                malformed++;
                context.Error.WriteLine($"{path}({lineNumber}): warning: skipped malformed question: {exception.Message}");
            }
        }

        if (questions.Count == 0)
        {
            throw new CliException($"error: '{path}' has no usable questions ({malformed} malformed line(s)).");
        }

        return questions;
    }

    private static Question Parse(string line, int lineNumber, string defaultTask)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object");
        }

        var id = String(root, "id") ?? throw new FormatException("no 'id' string");
        var prompt = String(root, "prompt");
        if (prompt is null)
        {
            var text = String(root, "question") ?? throw new FormatException($"question '{id}' has neither 'prompt' nor 'question'");
            var context = String(root, "context");

            // One user message holds everything, so the recorded prompt is exactly what every tier saw.
            prompt = string.IsNullOrWhiteSpace(context) ? text : context.Trim() + "\n\nQuestion: " + text;
        }

        if (prompt.Trim().Length == 0)
        {
            throw new FormatException($"question '{id}' has an empty prompt");
        }

        if (!root.TryGetProperty("gold", out var gold) || gold.ValueKind == JsonValueKind.Null)
        {
            throw new FormatException($"question '{id}' has no 'gold' answer");
        }

        IReadOnlyList<string> golds = gold.ValueKind switch
        {
            JsonValueKind.String => new[] { gold.GetString()! },
            JsonValueKind.Number => new[] { gold.GetRawText() },
            JsonValueKind.Array => gold.EnumerateArray().Select(g => g.ValueKind switch
            {
                JsonValueKind.String => g.GetString()!,
                JsonValueKind.Number => g.GetRawText(),
                _ => throw new FormatException($"question '{id}': every gold answer must be a string"),
            }).ToArray(),
            _ => throw new FormatException($"question '{id}': 'gold' must be a string or a list of strings"),
        };
        if (golds.Count == 0)
        {
            throw new FormatException($"question '{id}' has an empty 'gold' list");
        }

        return new Question(id, String(root, "task") ?? defaultTask, String(root, "split"), prompt, golds, lineNumber);
    }

    private static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"'{name}' must be a string");
    }
}
