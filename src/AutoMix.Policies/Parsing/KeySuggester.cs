using System;
using System.Collections.Generic;

namespace AutoMix.Policies.Parsing
{
    /// <summary>"Did you mean …?" for misspelt keys and values, by Levenshtein distance.</summary>
    internal static class KeySuggester
    {
        /// <summary>Suggestions further away than this are more confusing than helpful.</summary>
        public const int MaxDistance = 2;

        /// <summary>The closest candidate within <see cref="MaxDistance"/> (ties: the first listed), or null.</summary>
        public static string? Suggest(string misspelt, IEnumerable<string> candidates)
        {
            string? best = null;
            var bestDistance = MaxDistance + 1;
            foreach (var candidate in candidates)
            {
                var distance = Distance(misspelt.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (distance == 0 && !string.Equals(misspelt, candidate, StringComparison.Ordinal))
                {
                    distance = 1; // differs only in case: still worth suggesting
                }

                if (distance > 0 && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        /// <summary>The text for the catalog's "did you mean" slot: empty, or "; did you mean 'x'?".</summary>
        public static string SuggestionSuffix(string misspelt, IEnumerable<string> candidates)
        {
            var suggestion = Suggest(misspelt, candidates);
            return suggestion is null ? string.Empty : "; did you mean '" + suggestion + "'?";
        }

        /// <summary>Levenshtein distance (insertions, deletions, substitutions), two rows of memory.</summary>
        public static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
                }

                var swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
