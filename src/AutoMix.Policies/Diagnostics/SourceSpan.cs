namespace AutoMix.Policies.Diagnostics
{
    /// <summary>
    /// A range of the policy text. Lines and columns are zero-based (as Roslyn's LinePosition);
    /// add one for display. Offsets are character offsets into the text.
    /// </summary>
    public readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        public static SourceSpan None => default;

        /// <summary>"line,column" one-based, as compilers print it.</summary>
        public override string ToString() => $"({StartLine + 1},{StartColumn + 1})";
    }
}
