using System;

namespace AutoMix;

/// <summary>Reads "Verdict: correct|incorrect" replies without allocating.</summary>
internal static class VerdictParser
{
    private const string Label = "verdict";

    public static bool? Parse(string? reply)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return null;
        }

        var span = reply.AsSpan();
        var at = span.LastIndexOf(Label, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = span[(at + Label.Length)..];

        // Allow markdown and separators between the label and the word: "**Verdict:** correct", "Verdict - correct".
        var start = 0;
        while (start < rest.Length && !char.IsLetter(rest[start]))
        {
            if (rest[start] == '\n')
            {
                return null;
            }

            start++;
        }

        rest = rest[start..];
        var word = FirstWord(rest);
        if (word.Equals("correct", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (word.Equals("incorrect", StringComparison.OrdinalIgnoreCase) || word.Equals("wrong", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (word.Equals("not", StringComparison.OrdinalIgnoreCase))
        {
            var after = rest[word.Length..].TrimStart();
            return FirstWord(after).Equals("correct", StringComparison.OrdinalIgnoreCase) ? false : null;
        }

        return null;
    }

    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> text)
    {
        var end = 0;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        return text[..end];
    }
}
