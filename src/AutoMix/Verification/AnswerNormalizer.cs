using System;
using System.Text;

namespace AutoMix.Verification;

/// <summary>
/// Normalises answers for self-consistency: trim, case-fold (invariant), collapse runs of whitespace to one
/// space, and strip trailing punctuation, so "Paris." and " paris" are the same answer.
/// </summary>
public static class AnswerNormalizer
{
    public static string Normalize(string? answer)
    {
        if (string.IsNullOrEmpty(answer))
        {
            return string.Empty;
        }

        var span = answer.AsSpan().Trim();
        var end = span.Length;
        while (end > 0 && (char.IsPunctuation(span[end - 1]) || char.IsWhiteSpace(span[end - 1])))
        {
            end--;
        }

        span = span[..end];
        var builder = new StringBuilder(span.Length);
        var pendingSpace = false;
        foreach (var c in span)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
