using AutoMix.Policies.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoMix.Generators.Model
{
    /// <summary>A place in a policy file as plain values, so pipeline models stay cacheable; turned into a Roslyn <see cref="Location"/> only when reported.</summary>
    internal sealed record LocationInfo(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        public static LocationInfo From(string path, SourceSpan span) =>
            new(path, span.Start, span.Length, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);

        public Location ToLocation() => Location.Create(
            Path,
            new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
    }
}
