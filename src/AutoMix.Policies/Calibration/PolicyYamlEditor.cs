using System;
using System.Collections.Generic;
using System.Text;

namespace AutoMix.Policies.Calibration
{
    /// <summary>
    /// Line-based edits of policy text that leave everything else byte for byte as it was (comments, key order,
    /// quoting, line endings). A YAML round trip through a serializer would lose all of that.
    /// </summary>
    public static class PolicyYamlEditor
    {
        /// <summary>
        /// Replaces the top-level <c>model:</c> block — from its line through the line before the next top-level
        /// key (or EOF) — with <paramref name="modelSectionYaml"/>, or appends it when there is none. Column-0
        /// comments and blank lines directly before the next top-level key belong to that key and are kept.
        /// The inserted section is converted to the text's line ending.
        /// </summary>
        public static string ReplaceModelSection(string policyText, string modelSectionYaml)
        {
            if (policyText is null)
            {
                throw new ArgumentNullException(nameof(policyText));
            }

            if (modelSectionYaml is null)
            {
                throw new ArgumentNullException(nameof(modelSectionYaml));
            }

            var newline = policyText.Contains("\r\n") ? "\r\n" : "\n";
            var section = modelSectionYaml.Replace("\r\n", "\n").Replace("\n", newline);
            if (!section.EndsWith(newline, StringComparison.Ordinal))
            {
                section += newline;
            }

            var lines = SplitKeepingEndings(policyText);
            var start = -1;
            for (var i = 0; i < lines.Count; i++)
            {
                if (IsModelKey(lines[i]))
                {
                    if (start >= 0)
                    {
                        throw new InvalidOperationException("The policy has more than one top-level 'model:' key; fix the duplicate first.");
                    }

                    start = i;
                }
            }

            if (start < 0)
            {
                var prefix = policyText.Length == 0 || policyText.EndsWith("\n", StringComparison.Ordinal) ? policyText : policyText + newline;
                return prefix + section;
            }

            var nextKey = lines.Count;
            for (var i = start + 1; i < lines.Count; i++)
            {
                if (IsTopLevelContent(lines[i]))
                {
                    nextKey = i;
                    break;
                }
            }

            // Comments (and blank lines) at column 0 right before the next key introduce that key: keep them.
            var end = nextKey;
            while (end > start + 1 && IsColumnZeroCommentOrBlank(lines[end - 1]))
            {
                end--;
            }

            // At EOF the trailing comments/blank lines stay after the new section as well.
            var result = new StringBuilder(policyText.Length + section.Length);
            for (var i = 0; i < start; i++)
            {
                result.Append(lines[i]);
            }

            result.Append(section);
            for (var i = end; i < lines.Count; i++)
            {
                result.Append(lines[i]);
            }

            return result.ToString();
        }

        private static bool IsModelKey(string line) =>
            line.StartsWith("model:", StringComparison.Ordinal)
            && (line.Length == 6 || line[6] == ' ' || line[6] == '\t' || line[6] == '\r' || line[6] == '\n' || line[6] == '#');

        /// <summary>A line starting at column 0 with something other than a comment: the next top-level key (or a document marker).</summary>
        private static bool IsTopLevelContent(string line) =>
            line.Length > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\r' && line[0] != '\n';

        private static bool IsColumnZeroCommentOrBlank(string line) =>
            line.StartsWith("#", StringComparison.Ordinal) || line.Trim().Length == 0;

        private static List<string> SplitKeepingEndings(string text)
        {
            var lines = new List<string>();
            var begin = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    lines.Add(text.Substring(begin, i + 1 - begin));
                    begin = i + 1;
                }
            }

            if (begin < text.Length)
            {
                lines.Add(text.Substring(begin));
            }

            return lines;
        }
    }
}
