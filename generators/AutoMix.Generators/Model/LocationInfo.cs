using System;
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

        /// <summary>
        /// The Roslyn location. Roslyn throws on negative offsets or an end before the start, so such spans (which a
        /// correct policy compiler never produces) are clamped rather than allowed to crash the reporting step.
        /// </summary>
        public Location ToLocation()
        {
            var start = new LinePosition(Math.Max(0, StartLine), Math.Max(0, StartColumn));
            var end = new LinePosition(Math.Max(0, EndLine), Math.Max(0, EndColumn));
            if (end < start)
            {
                end = start;
            }

            return Location.Create(Path, new TextSpan(Math.Max(0, Start), Math.Max(0, Length)), new LinePositionSpan(start, end));
        }
    }
}
