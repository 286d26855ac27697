using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoMix.Generators.Model
{
    /// <summary>Turns policy names into C# identifiers.</summary>
    internal static class Identifiers
    {
        /// <summary>A parameter name: the name itself, '@'-escaped when it is a C# keyword (a tier called 'default').</summary>
        public static string Parameter(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>
        /// A PascalCase member name: parts split at characters that cannot appear in an identifier or at '_',
        /// each capitalised ('small' → Small, 'gpt_4o' → Gpt4o, 'economy-mode' → EconomyMode).
        /// </summary>
        public static string Pascal(string name)
        {
            var result = new StringBuilder(name.Length);
            var upper = true;
            foreach (var c in name)
            {
                if (c == '_' || !SyntaxFacts.IsIdentifierPartCharacter(c))
                {
                    upper = true;
                    continue;
                }

                result.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            if (result.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(result[0]))
            {
                result.Insert(0, '_');
            }

            return result.ToString();
        }

        /// <summary>PascalCase names for a list, made unique (and distinct from <paramref name="reserved"/>) by a numeric suffix.</summary>
        public static string[] UniquePascal(IReadOnlyList<string> names, params string[] reserved)
        {
            var used = new HashSet<string>(reserved, System.StringComparer.Ordinal);
            var result = new string[names.Count];
            for (var i = 0; i < names.Count; i++)
            {
                var candidate = Pascal(names[i]);
                var unique = candidate;
                for (var n = 2; !used.Add(unique); n++)
                {
                    unique = candidate + n.ToString(CultureInfo.InvariantCulture);
                }

                result[i] = unique;
            }

            return result;
        }
    }
}
