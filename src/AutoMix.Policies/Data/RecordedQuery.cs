using System.Collections.Generic;

namespace AutoMix.Policies.Data
{
    /// <summary>
    /// One benchmark question with every model's recorded answer. <see cref="LineNumber"/> is the 1-based line
    /// of the JSON Lines file it came from (so the even/odd split and error messages refer to the file).
    /// </summary>
    public sealed record RecordedQuery(
        string Id,
        string Task,
        string? Split,
        string Prompt,
        string? Gold,
        IReadOnlyDictionary<string, RecordedRun> Runs,
        int LineNumber)
    {
        /// <summary>Zero-based index of the line in its file (line 1 is index 0).</summary>
        public int LineIndex => LineNumber - 1;
    }
}
