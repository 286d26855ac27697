namespace AutoMix.Generators.Model
{
    /// <summary>A policy's claim on a generated type name, with where the name is written (for AMX0200).</summary>
    internal sealed record TypeClaim(string FullTypeName, string Path, string DisplayPath, LocationInfo NameLocation);
}
