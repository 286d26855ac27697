using System.Text.Json.Serialization;

namespace QuickstartSample;

/// <summary>One line of data/questions.jsonl: a context-grounded question and its accepted gold answers.</summary>
internal sealed record QuestionItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("gold")] IReadOnlyList<string> Gold);
