namespace AutoMix.Policies.Data
{
    /// <summary>A line of a recorded-run file that was skipped, with its 1-based line number and why.</summary>
    public sealed record RecordedLineError(int LineNumber, string Reason)
    {
        public override string ToString() => "line " + LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + Reason;
    }
}
