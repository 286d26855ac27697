using System.Collections.Generic;
using System.Linq;

namespace AutoMix.Policies.Data
{
    /// <summary>
    /// The result of reading a recorded-run file: the queries that parsed, every skipped line with its reason,
    /// and the SHA-256 of the file's bytes (lower-case hex) for the provenance of anything calibrated from it.
    /// </summary>
    public sealed record RecordedRunSet(
        string Source,
        IReadOnlyList<RecordedQuery> Queries,
        IReadOnlyList<RecordedLineError> Errors,
        string Sha256)
    {
        /// <summary>Every model name that occurs in at least one query, sorted ordinally.</summary>
        public IReadOnlyList<string> Models => ModelsIn(Queries);

        public static IReadOnlyList<string> ModelsIn(IEnumerable<RecordedQuery> queries) =>
            queries.SelectMany(q => q.Runs.Keys).Distinct().OrderBy(m => m, System.StringComparer.Ordinal).ToList();
    }
}
