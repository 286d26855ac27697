using System.Collections.Generic;
using AutoMix.Policies.Diagnostics;
using YamlDotNet.Core;

namespace AutoMix.Policies.Parsing
{
    /// <summary>
    /// Line starts of a text, so that character offsets become zero-based line/column positions. Line breaks are
    /// those of Roslyn's SourceText (CR, LF, CRLF, U+0085, U+2028, U+2029) so the source generator can map spans
    /// onto the AdditionalText without drift; YamlDotNet counts the same breaks.
    /// </summary>
    internal sealed class LineMap
    {
        private readonly List<int> _lineStarts = new List<int> { 0 };
        private readonly int _length;

        public LineMap(string text)
        {
            _length = text.Length;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    _lineStarts.Add(i + 1);
                }
                else if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public int LineCount => _lineStarts.Count;

        /// <summary>The span between two YamlDotNet marks, clamped into the text.</summary>
        public SourceSpan SpanOf(Mark start, Mark end)
        {
            var startOffset = Clamp((long)start.Index);
            var endOffset = System.Math.Max(startOffset, Clamp((long)end.Index));
            return SpanOf(startOffset, endOffset);
        }

        public SourceSpan SpanOf(int startOffset, int endOffset)
        {
            var startLine = LineOf(startOffset);
            var endLine = LineOf(endOffset);
            return new SourceSpan(
                startOffset,
                endOffset - startOffset,
                startLine,
                startOffset - _lineStarts[startLine],
                endLine,
                endOffset - _lineStarts[endLine]);
        }

        private int Clamp(long offset) => (int)System.Math.Min(System.Math.Max(offset, 0), _length);

        private int LineOf(int offset)
        {
            // Binary search for the last line start at or before the offset.
            int low = 0, high = _lineStarts.Count - 1;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (_lineStarts[middle] <= offset)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return low;
        }
    }
}
