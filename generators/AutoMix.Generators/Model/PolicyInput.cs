namespace AutoMix.Generators.Model
{
    /// <summary>
    /// One policy file as the generator receives it: the path as the compiler was given it (for diagnostics),
    /// the path relative to the project (for generated text; never absolute), its text, and the namespace
    /// configured in MSBuild (<c>AutoMixNamespace</c>, else <c>RootNamespace</c>) for policies without one.
    /// <see cref="Text"/> is null when the file could not be read.
    /// </summary>
    internal sealed record PolicyInput(string Path, string DisplayPath, string? Text, string? ConfiguredNamespace)
    {
        /// <summary>Why the file or its options could not be read (null when <see cref="Text"/> is null for no known reason).</summary>
        public string? ReadError { get; init; }
    }
}
