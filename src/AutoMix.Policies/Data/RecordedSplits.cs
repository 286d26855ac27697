using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoMix.Policies.Data
{
    /// <summary>Train/evaluation splits of recorded queries.</summary>
    public static class RecordedSplits
    {
        /// <summary>The queries whose <c>split</c> field equals <paramref name="split"/> (ordinal, case-insensitive).</summary>
        public static IReadOnlyList<RecordedQuery> BySplit(IEnumerable<RecordedQuery> queries, string split)
        {
            if (queries is null)
            {
                throw new ArgumentNullException(nameof(queries));
            }

            return queries.Where(q => string.Equals(q.Split, split, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        /// <summary>
        /// The data README's split for sets without one (mot-cascade): queries on even zero-based line indexes
        /// (0, 2, …) calibrate, those on odd ones evaluate. Uses the file line, so skipped lines do not shift the split.
        /// </summary>
        public static (IReadOnlyList<RecordedQuery> Even, IReadOnlyList<RecordedQuery> Odd) EvenOdd(IEnumerable<RecordedQuery> queries)
        {
            if (queries is null)
            {
                throw new ArgumentNullException(nameof(queries));
            }

            var even = new List<RecordedQuery>();
            var odd = new List<RecordedQuery>();
            foreach (var query in queries)
            {
                (query.LineIndex % 2 == 0 ? even : odd).Add(query);
            }

            return (even, odd);
        }
    }
}
