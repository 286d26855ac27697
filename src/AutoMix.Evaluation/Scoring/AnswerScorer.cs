using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoMix.Evaluation.Scoring;

/// <summary>
/// The usual open-QA scores (SQuAD/TriviaQA convention): exact match after normalisation and token F1, each the
/// best over the gold answers. Normalisation: lower case (invariant), punctuation and symbols removed (hyphens and
/// slashes separate words), the articles "a", "an", "the" removed, whitespace collapsed. No Unicode normalisation
/// form is applied: it depends on ICU, which invariant-globalization builds lack, and scores must not depend on that.
/// </summary>
public static class AnswerScorer
{
    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    /// <summary>1 when the normalised prediction equals a normalised gold answer, else 0.</summary>
    public static double ExactMatch(string? prediction, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(golds);
        var normalised = Normalize(prediction);
        return golds.Any(g => string.Equals(Normalize(g), normalised, StringComparison.Ordinal)) ? 1 : 0;
    }

    /// <summary>The best token F1 of the prediction against the gold answers (bag of normalised tokens), in [0, 1].</summary>
    public static double F1(string? prediction, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(golds);
        var predicted = Tokens(prediction);
        var best = 0.0;
        foreach (var gold in golds)
        {
            best = Math.Max(best, F1(predicted, Tokens(gold)));
        }

        return best;
    }

    /// <summary>The normalised form both scores compare.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            var isPunctuation = char.IsPunctuation(c) || char.IsSymbol(c);
            if (isPunctuation || category == UnicodeCategory.Control)
            {
                // "U.S." → "us", but "well-known" → "well known" (a hyphen separates words).
                builder.Append(c is '-' or '/' ? ' ' : '\0');
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        var words = builder.ToString().Replace("\0", string.Empty, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Articles.Contains(w));
        return string.Join(' ', words);
    }

    private static string[] Tokens(string? text)
    {
        var normalised = Normalize(text);
        return normalised.Length == 0 ? Array.Empty<string>() : normalised.Split(' ');
    }

    private static double F1(string[] predicted, string[] gold)
    {
        if (predicted.Length == 0 || gold.Length == 0)
        {
            // Both empty counts as a match; one empty cannot overlap.
            return predicted.Length == gold.Length ? 1 : 0;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in gold)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        var common = 0;
        foreach (var token in predicted)
        {
            if (counts.TryGetValue(token, out var left) && left > 0)
            {
                counts[token] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / predicted.Length;
        var recall = (double)common / gold.Length;
        return 2 * precision * recall / (precision + recall);
    }
}
