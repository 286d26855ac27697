using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoMix.Generators.Emitter
{
    /// <summary>C# literals and comment text, culture-invariant. Every policy string reaches generated code through here.</summary>
    internal static class Literals
    {
        /// <summary>A double that reads back to the same bits ("R"); NaN and infinities by name.</summary>
        public static string Double(double value)
        {
            if (double.IsNaN(value))
            {
                return "double.NaN";
            }

            if (double.IsPositiveInfinity(value))
            {
                return "double.PositiveInfinity";
            }

            if (double.IsNegativeInfinity(value))
            {
                return "double.NegativeInfinity";
            }

            return value.ToString("R", CultureInfo.InvariantCulture) + "d";
        }

        public static string NullableDouble(double? value) => value is { } v ? Double(v) : "null";

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Ints(IEnumerable<int> values) => Join(values, Int);

        public static string Doubles(IEnumerable<double> values) => Join(values, Double);

        /// <summary>
        /// A C# string literal, or <c>null</c>, formatted by Roslyn itself: quotes, backslashes, control characters,
        /// line and paragraph separators and lone surrogates come out as escapes, so no text can leave the literal.
        /// </summary>
        public static string String(string? value) =>
            value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

        /// <summary>
        /// Text for a comment (<c>//</c> or an XML doc comment): '&amp;' and '&lt;' escaped (well-formed XML; '>' stays
        /// readable), and every character that could end the
        /// comment line (CR, LF, U+0085, U+2028, U+2029), any other control or format character (bidi overrides,
        /// zero-width characters) and lone surrogates written as a visible <c>\uXXXX</c>. A policy's text can then
        /// never become code, whatever it contains.
        /// </summary>
        public static string Comment(string value)
        {
            var text = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    text.Append(c).Append(value[i + 1]);
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '&': text.Append("&amp;"); break;
                    case '<': text.Append("&lt;"); break;
                    default:
                        if (NeedsEscapeInComment(c))
                        {
                            text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            return text.ToString();
        }

        /// <summary>True for every character C# treats as a line break (the C# spec's new-line characters).</summary>
        public static bool IsLineBreak(char c) => c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';

        private static bool NeedsEscapeInComment(char c)
        {
            if (IsLineBreak(c))
            {
                return true;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.OtherNotAssigned:
                    return true;
                default:
                    return false;
            }
        }

        private static string Join<T>(IEnumerable<T> values, System.Func<T, string> format)
        {
            var text = new StringBuilder();
            foreach (var value in values)
            {
                if (text.Length > 0)
                {
                    text.Append(", ");
                }

                text.Append(format(value));
            }

            return text.ToString();
        }
    }
}
