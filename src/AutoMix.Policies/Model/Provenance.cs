namespace AutoMix.Policies.Model
{
    /// <summary>Where a calibrated model came from. All fields optional for hand-written models.</summary>
    public sealed record Provenance(
        string? Data,
        int? Rows,
        string? Hash,
        string? Date,
        string? Tool,
        string? Notes);
}
