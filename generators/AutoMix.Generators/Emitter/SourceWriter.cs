using System.Text;

namespace AutoMix.Generators.Emitter
{
    /// <summary>Writes indented lines with '\n' endings (the same bytes on every OS).</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        /// <summary>Appends one line. A line break inside it would let text escape a comment, so it is a bug (thrown, reported as AMX0201).</summary>
        public SourceWriter Line(string line = "")
        {
            foreach (var c in line)
            {
                if (Literals.IsLineBreak(c))
                {
                    throw new System.InvalidOperationException("A generated line contains the line break U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + "; policy text must be escaped before it is written.");
                }
            }

            if (line.Length > 0)
            {
                _text.Append(' ', _indent * 4).Append(line);
            }

            _text.Append('\n');
            return this;
        }

        public SourceWriter Open(string line)
        {
            Line(line);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        public override string ToString() => _text.ToString();
    }
}
