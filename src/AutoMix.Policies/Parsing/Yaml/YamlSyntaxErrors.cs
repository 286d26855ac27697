using System;
using System.Collections.Generic;
using System.Globalization;
using YamlDotNet.Core;

namespace AutoMix.Policies.Parsing.Yaml
{
    /// <summary>
    /// Turns YamlDotNet's syntax errors into our own message at the line that needs the fix, with what to do.
    /// YamlDotNet reports where its scanner gave up, which for the common mistakes is a line after the culprit and
    /// in its own words ("found a tab character that violate indentation", "found invalid mapping"); the common
    /// mistakes are recognised from the text itself: a tab in the indentation, a bracket or quote left open, a line
    /// indented out of step with its neighbours. Anything else keeps YamlDotNet's message and position.
    /// </summary>
    internal static class YamlSyntaxErrors
    {
        /// <summary>The message and the offsets [start, end) to report for a syntax error of <paramref name="text"/>.</summary>
        public static (string Message, int Start, int End) Explain(string text, YamlException exception, string yamlMessage)
        {
            var lines = SourceLine.Split(text);
            if (FirstTabInIndentation(lines) is { } tab)
            {
                return ($"line {Display(tab.Line)} is indented with a tab; YAML indentation must be spaces: replace the tab with spaces", tab.Offset, tab.Offset + 1);
            }

            if (UnbalancedBracket(lines) is { } bracket)
            {
                return (bracket.Message, bracket.Offset, bracket.Offset + 1);
            }

            var reported = LineAt(lines, (int)Math.Min(Math.Max(exception.Start.Index, 0), text.Length));
            if (yamlMessage.IndexOf("quoted scalar", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                var quote = lines[reported].Text.IndexOfAny(new[] { '"', '\'' });
                var offset = quote >= 0 ? lines[reported].Start + quote : (int)exception.Start.Index;
                return ($"the quote opened on line {Display(reported)} is not closed: add the closing quote on the same line", offset, offset + 1);
            }

            if (IsIndentationError(yamlMessage) && Indentation(lines, reported) is { } indentation)
            {
                return indentation;
            }

            return (yamlMessage, (int)exception.Start.Index, (int)exception.End.Index);
        }

        private static bool IsIndentationError(string message) =>
            message.IndexOf("invalid mapping", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("mapping values are not allowed", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("did not find expected key", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("did not find expected '-'", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("block mapping", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("wrong indentation", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// The line out of step. A key with nothing after its colon expects its content indented below it, so a
        /// next line that is not indented deeper is the culprit (a dedented line); otherwise the reported line, when
        /// it is indented deeper than a previous line whose key already has a value (an over-indented line).
        /// </summary>
        private static (string Message, int Start, int End)? Indentation(IReadOnlyList<SourceLine> lines, int reported)
        {
            var previous = PreviousContent(lines, reported);
            if (previous < 0)
            {
                return null;
            }

            var beforePrevious = PreviousContent(lines, previous);
            if (beforePrevious >= 0 && lines[beforePrevious].EndsWithBareKey && lines[previous].Indent <= lines[beforePrevious].Indent)
            {
                var line = lines[previous];
                return ($"line {Display(previous)} is not indented under '{lines[beforePrevious].Content}' (line {Display(beforePrevious)}): "
                    + "a key with nothing after its colon expects the lines below it indented deeper; indent this line (and its siblings) to match",
                    line.Start + line.Indent, line.Start + line.Text.Length);
            }

            var current = lines[reported];
            if (current.Indent > lines[previous].Indent && !lines[previous].EndsWithBareKey && !lines[previous].IsListItemStart)
            {
                return ($"line {Display(reported)} is indented deeper than line {Display(previous)} ('{lines[previous].Content}'), whose key already has a value: "
                    + "keys of one mapping start in the same column; align this line with its siblings",
                    current.Start + current.Indent, current.Start + current.Text.Length);
            }

            return ($"the indentation of line {Display(reported)} does not fit the lines above it: keys of one mapping start in the same column, "
                + "and what belongs to a key is indented deeper than the key",
                current.Start + current.Indent, current.Start + current.Text.Length);
        }

        private static (int Line, int Offset)? FirstTabInIndentation(IReadOnlyList<SourceLine> lines)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var text = lines[i].Text;
                for (var c = 0; c < text.Length && (text[c] == ' ' || text[c] == '\t'); c++)
                {
                    if (text[c] == '\t' && lines[i].HasContent)
                    {
                        return (i, lines[i].Start + c);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// A '[' or '{' not closed before the next block line (a key or list item at or left of the bracket's line),
        /// or a closing bracket with no opening one. Quotes and comments are skipped.
        /// </summary>
        private static (string Message, int Offset)? UnbalancedBracket(IReadOnlyList<SourceLine> lines)
        {
            var open = new Stack<(char Bracket, int Line, int Offset)>();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (open.Count > 0 && line.HasContent && line.Indent <= lines[open.Peek().Line].Indent && line.LooksLikeBlockEntry)
                {
                    return Unclosed(open.Peek());
                }

                char quote = '\0';
                for (var c = 0; c < line.Text.Length; c++)
                {
                    var ch = line.Text[c];
                    if (quote != '\0')
                    {
                        quote = ch == quote ? '\0' : quote;
                        continue;
                    }

                    if (ch == '"' || ch == '\'')
                    {
                        quote = ch;
                    }
                    else if (ch == '#' && (c == 0 || char.IsWhiteSpace(line.Text[c - 1])))
                    {
                        break;
                    }
                    else if (ch == '[' || ch == '{')
                    {
                        open.Push((ch, i, line.Start + c));
                    }
                    else if (ch == ']' || ch == '}')
                    {
                        var expected = ch == ']' ? '[' : '{';
                        if (open.Count == 0 || open.Peek().Bracket != expected)
                        {
                            return open.Count == 0
                                ? ($"'{ch}' on line {Display(i)} closes nothing: remove it, or add the '{expected}' it belongs to", line.Start + c)
                                : Unclosed(open.Peek());
                        }

                        open.Pop();
                    }
                }
            }

            return open.Count > 0 ? Unclosed(open.Peek()) : null;
        }

        private static (string Message, int Offset) Unclosed((char Bracket, int Line, int Offset) bracket)
        {
            var close = bracket.Bracket == '[' ? ']' : '}';
            return ($"'{bracket.Bracket}' opened on line {Display(bracket.Line)} is not closed: add '{close}' at the end of the list", bracket.Offset);
        }

        private static int PreviousContent(IReadOnlyList<SourceLine> lines, int line)
        {
            for (var i = line - 1; i >= 0; i--)
            {
                if (lines[i].HasContent)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int LineAt(IReadOnlyList<SourceLine> lines, int offset)
        {
            var line = 0;
            while (line + 1 < lines.Count && lines[line + 1].Start <= offset)
            {
                line++;
            }

            return line;
        }

        private static string Display(int line) => (line + 1).ToString(CultureInfo.InvariantCulture);

        /// <summary>One line of the text (without its line break) and what the checks above need to know about it.</summary>
        private sealed class SourceLine
        {
            private SourceLine(int start, string text)
            {
                Start = start;
                Text = text;
                var indent = 0;
                while (indent < text.Length && (text[indent] == ' ' || text[indent] == '\t'))
                {
                    indent++;
                }

                Indent = indent;
                var comment = text.IndexOf(" #", StringComparison.Ordinal);
                Content = (comment >= 0 ? text.Substring(0, comment) : text).Trim();
                HasContent = Content.Length > 0 && Content[0] != '#';
            }

            public int Start { get; }

            public string Text { get; }

            public int Indent { get; }

            /// <summary>The line without indentation and trailing comment.</summary>
            public string Content { get; }

            public bool HasContent { get; }

            /// <summary>"key:" with nothing after the colon: its value is on the following, deeper lines.</summary>
            public bool EndsWithBareKey => HasContent && Content.EndsWith(":", StringComparison.Ordinal);

            public bool IsListItemStart => Content.StartsWith("- ", StringComparison.Ordinal);

            /// <summary>A block mapping key ("name: …") or a list item: never the continuation of a flow list.</summary>
            public bool LooksLikeBlockEntry => IsListItemStart || (Content.IndexOf(": ", StringComparison.Ordinal) > 0 && Content[0] != '[' && Content[0] != '{') || EndsWithBareKey;

            public static List<SourceLine> Split(string text)
            {
                var lines = new List<SourceLine>();
                var start = 0;
                for (var i = 0; i <= text.Length; i++)
                {
                    if (i == text.Length || text[i] == '\n')
                    {
                        var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                        lines.Add(new SourceLine(start, text.Substring(start, end - start)));
                        start = i + 1;
                    }
                }

                return lines;
            }
        }
    }
}
