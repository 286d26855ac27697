using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoMix.Evaluation.Plotting;

/// <summary>Greedy word wrap of a title to a pixel width, given how wide a piece of text is drawn.</summary>
internal static class TitleLines
{
    public static IReadOnlyList<string> Wrap(string title, double maxWidth, Func<string, double> measure)
    {
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(w => Pieces(w, maxWidth, measure)))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && measure(candidate) > maxWidth)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        return lines;
    }

    /// <summary>A word wider than a whole line (a long policy name) is cut into pieces that fit.</summary>
    private static IEnumerable<string> Pieces(string word, double maxWidth, Func<string, double> measure)
    {
        var start = 0;
        while (start < word.Length)
        {
            var length = word.Length - start;
            while (length > 1 && measure(word.Substring(start, length)) > maxWidth)
            {
                length--;
            }

            yield return word.Substring(start, length);
            start += length;
        }
    }
}
