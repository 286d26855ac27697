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

        /// <summary>Null when <paramref name="name"/> is a valid identifier, else why not.</summary>
        public static string? Problem(string name)
        {
            if (name.Length == 0)
            {
                return "it is empty";
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
                || category == UnicodeCategory.SpacingCombiningMark
                || category == UnicodeCategory.Format;
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
