using System.Collections.Generic;
using System.Globalization;

namespace AutoMix.Policies.Parsing
{
    /// <summary>
    /// Checks names that become C# identifiers in generated code (policy type, namespace, tier and operating-point
    /// names) and explains what is wrong, because "not a valid identifier" alone does not tell the author what to change.
    /// </summary>
    internal static class CSharpIdentifier
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
            "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
            "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
            "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
            "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
            "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
            "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        };

        // Contextual keywords the compiler rejects (or warns about) as type names.
        private static readonly HashSet<string> ReservedTypeNames = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "var", "dynamic", "record", "file", "required", "scoped", "nameof", "global", "_",
        };

        /// <summary>
        /// Longest name accepted (documented in docs/policy-language.md). Generated member and type names are
        /// built from it, and metadata names are limited to 1023 UTF-8 bytes (CS7013).
        /// </summary>
        public const int MaxLength = 128;

        /// <summary>Null when <paramref name="name"/> is a valid identifier, else why not.</summary>
        public static string? Problem(string name)
        {
            if (name.Length == 0)
            {
                return "it is empty";
            }

            if (name.Length > MaxLength)
            {
                return string.Format(CultureInfo.InvariantCulture, "it is {0} characters long; names are at most {1} characters", name.Length, MaxLength);
            }

            // Invisible, format and bidi characters (U+200B, U+202E, …): C# ignores the format ones when comparing
            // names, so 'small' and 'sm\u200ball' would collide, and bidi controls make code read differently than it runs.
            for (var i = 0; i < name.Length; i++)
            {
                if (IsInvisible(name[i]))
                {
                    return string.Format(
                        CultureInfo.InvariantCulture,
                        "it contains the invisible character U+{0:X4} at position {1}; remove it",
                        (int)name[i],
                        i + 1);
                }
            }

            if (!IsStartCharacter(name[0]))
            {
                return "it starts with '" + name[0] + "'; an identifier starts with a letter or '_'";
            }

            for (var i = 1; i < name.Length; i++)
            {
                if (!IsPartCharacter(name[i]))
                {
                    return string.Format(
                        CultureInfo.InvariantCulture,
                        "it contains '{0}' at position {1}; use only letters, digits and '_'{2}",
                        name[i],
                        i + 1,
                        name[i] == '-' ? " (for example '" + name.Replace("-", "_") + "')" : string.Empty);
                }
            }

            if (Keywords.Contains(name))
            {
                return "'" + name + "' is a C# keyword";
            }

            return null;
        }

        /// <summary>Format (Cf), control, line/paragraph separator, surrogate and unassigned characters: nothing a reader can see in a name.</summary>
        internal static bool IsInvisible(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Format:
                case UnicodeCategory.Control:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Like <see cref="Problem"/>, plus the rules for names of generated types.</summary>
        public static string? TypeNameProblem(string name)
        {
            var problem = Problem(name);
            if (problem is not null)
            {
                return problem;
            }

            if (ReservedTypeNames.Contains(name))
            {
                return "'" + name + "' is reserved by C# as a type name";
            }

            if (GeneratedCodeNames.IsMemberName(name))
            {
                // A member may not have its class's name (CS0542).
                return "the generated class has a member named '" + name + "'; pick another name";
            }

            if (GeneratedCodeNames.IsReferencedTypeName(name))
            {
                return "the generated code uses a type or namespace named '" + name + "', which this class would hide; pick another name";
            }

            if (IsLowerCaseAscii(name))
            {
                // CS8981: all-lower-case ASCII type names may become keywords; the warning breaks warnings-as-errors builds.
                return "type names made only of lower-case ASCII letters are reserved for future C# keywords (CS8981); capitalise it";
            }

            return null;
        }

        /// <summary>Null when <paramref name="name"/> is a valid dotted namespace, else why not.</summary>
        public static string? NamespaceProblem(string name)
        {
            if (name.Length > MaxLength)
            {
                return string.Format(CultureInfo.InvariantCulture, "it is {0} characters long; namespaces are at most {1} characters", name.Length, MaxLength);
            }

            var parts = name.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                var problem = Problem(parts[i]);
                if (problem is not null)
                {
                    return string.Format(CultureInfo.InvariantCulture, "part {0} ('{1}'): {2}", i + 1, parts[i], problem);
                }
            }

            return null;
        }

        private static bool IsLowerCaseAscii(string name)
        {
            foreach (var c in name)
            {
                if (c < 'a' || c > 'z')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsStartCharacter(char c) => c == '_' || IsLetter(CharUnicodeInfo.GetUnicodeCategory(c));

        private static bool IsPartCharacter(char c)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            return IsLetter(category)
                || category == UnicodeCategory.DecimalDigitNumber
                || category == UnicodeCategory.ConnectorPunctuation
                || category == UnicodeCategory.NonSpacingMark
                || category == UnicodeCategory.SpacingCombiningMark;
        }

        private static bool IsLetter(UnicodeCategory category) =>
            category == UnicodeCategory.UppercaseLetter
            || category == UnicodeCategory.LowercaseLetter
            || category == UnicodeCategory.TitlecaseLetter
            || category == UnicodeCategory.ModifierLetter
            || category == UnicodeCategory.OtherLetter
            || category == UnicodeCategory.LetterNumber;
    }
}
