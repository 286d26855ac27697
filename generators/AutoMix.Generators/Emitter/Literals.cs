using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoMix.Generators.Emitter
{
    /// <summary>C# and XML literals, culture-invariant.</summary>
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

        /// <summary>A regular C# string literal with escapes, or <c>null</c>.</summary>
        public static string String(string? value)
        {
            if (value is null)
            {
                return "null";
            }

            var text = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    case '\0': text.Append("\\0"); break;
                    default:
                        if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                        {
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            return text.Append('"').ToString();
        }

        /// <summary>Text for an XML doc comment: '&amp;' and '&lt;' escaped (enough for well-formed XML; '>' stays readable).</summary>
        public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;");

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
