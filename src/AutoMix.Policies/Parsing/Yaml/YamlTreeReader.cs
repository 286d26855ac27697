using System;
using System.Collections.Generic;
using System.IO;
using AutoMix.Policies.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AutoMix.Policies.Parsing.Yaml
{
    /// <summary>
    /// Builds a <see cref="YamlTreeNode"/> tree from YamlDotNet's event parser. Iterative (an explicit stack), so
    /// deeply nested input cannot overflow the call stack; aliases share the anchored node instead of copying it,
    /// so alias bombs cost nothing.
    /// </summary>
    internal static class YamlTreeReader
    {
        private const string StringTag = "tag:yaml.org,2002:str";

        /// <summary>
        /// The root node of the single document, or null when the text holds no document.
        /// Syntax errors are reported as AMX0001 and yield null.
        /// </summary>
        public static YamlTreeNode? Read(ParseContext context)
        {
            try
            {
                return ReadCore(context);
            }
            catch (YamlException exception)
            {
                var (message, start, end) = YamlSyntaxErrors.Explain(context.Text, exception, CleanMessage(exception));
                context.Report(PolicyDiagnosticDescriptors.YamlSyntax, context.Lines.SpanOf(start, Math.Max(start, end)), message);
                return null;
            }
        }

        /// <summary>
        /// Advances the parser. YamlDotNet's scanner throws InvalidOperationException (not YamlException) on some
        /// malformed input, e.g. a flow mapping left open across lines; that is still a syntax error of the policy.
        /// </summary>
        private static bool MoveNext(Parser parser, Scanner scanner, ParseContext context, int lastEnd)
        {
            try
            {
                return parser.MoveNext();
            }
            catch (Exception exception) when (exception is InvalidOperationException || exception is ArgumentException || exception is IndexOutOfRangeException)
            {
                // Point at where the scanner stopped, or failing that at the first content after the last good event.
                var offset = NextContentOffset(context.Text, lastEnd);
                var stopped = (long)scanner.CurrentPosition.Index;
                if (stopped > offset && stopped <= context.Text.Length)
                {
                    offset = (int)stopped;
                }

                throw new YamlException(MarkAt(context, offset), MarkAt(context, offset), "unexpected text here; check the indentation, quoting and brackets around it", exception);
            }
        }

        private static Mark MarkAt(ParseContext context, int offset)
        {
            var span = context.Lines.SpanOf(offset, offset);
            return new Mark(span.Start, span.StartLine + 1, span.StartColumn + 1);
        }

        /// <summary>The first offset at or after <paramref name="offset"/> that is not whitespace or a comment.</summary>
        private static int NextContentOffset(string text, int offset)
        {
            var i = Math.Min(Math.Max(offset, 0), text.Length);
            while (i < text.Length)
            {
                if (text[i] == '#')
                {
                    while (i < text.Length && text[i] != '\n' && text[i] != '\r')
                    {
                        i++;
                    }
                }
                else if (char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            return i;
        }

        private static YamlTreeNode? ReadCore(ParseContext context)
        {
            var scanner = new Scanner(new StringReader(context.Text));
            var parser = new Parser(scanner);
            var anchors = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
            var open = new Stack<OpenContainer>();
            YamlTreeNode? root = null;
            var documents = 0;
            var lastEnd = 0;

            while (MoveNext(parser, scanner, context, lastEnd))
            {
                var parsingEvent = parser.Current!;
                lastEnd = (int)Math.Min(parsingEvent.End.Index, int.MaxValue);
                YamlTreeNode? completed = null;
                string anchor = string.Empty;
                switch (parsingEvent)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            context.Report(
                                PolicyDiagnosticDescriptors.YamlSyntax,
                                context.Lines.SpanOf(parsingEvent.Start, parsingEvent.End),
                                "a policy file holds exactly one YAML document, but a second one starts here");
                            return null;
                        }

                        continue;
                    case Scalar scalar:
                        var isPlain = scalar.Style == ScalarStyle.Plain && !(!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StringTag);
                        completed = new YamlTreeScalar(scalar.Value, isPlain, scalar.Start, scalar.End);
                        anchor = scalar.Anchor.IsEmpty ? string.Empty : scalar.Anchor.Value;
                        break;
                    case SequenceStart or MappingStart when open.Count >= PolicyParser.MaxNestingDepth:
                        // Stop before reading further: deeper input only costs time (YamlDotNet is not linear in depth).
                        context.Report(
                            PolicyDiagnosticDescriptors.NestingTooDeep,
                            context.Lines.SpanOf(parsingEvent.Start, parsingEvent.End),
                            PolicyParser.MaxNestingDepth);
                        return null;
                    case SequenceStart sequenceStart:
                        open.Push(new OpenContainer(new YamlTreeSequence(sequenceStart.Start, sequenceStart.End), AnchorOf(sequenceStart.Anchor)));
                        continue;
                    case MappingStart mappingStart:
                        open.Push(new OpenContainer(new YamlTreeMapping(mappingStart.Start, mappingStart.End), AnchorOf(mappingStart.Anchor)));
                        continue;
                    case SequenceEnd:
                    case MappingEnd:
                        var closed = open.Pop();
                        closed.Node.End = parsingEvent.End;
                        completed = closed.Node;
                        anchor = closed.Anchor;
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out completed))
                        {
                            context.Report(
                                PolicyDiagnosticDescriptors.YamlSyntax,
                                context.Lines.SpanOf(alias.Start, alias.End),
                                "the alias '*" + alias.Value.Value + "' refers to no anchor defined before it");
                            return null;
                        }

                        break;
                    default:
                        // Stream and document boundaries and comments carry no content.
                        continue;
                }

                // Anchors are registered only once their node is complete, so an alias cannot point into itself.
                if (anchor.Length > 0)
                {
                    anchors[anchor] = completed!;
                }

                if (open.Count == 0)
                {
                    root = completed;
                }
                else
                {
                    open.Peek().Add(completed!);
                }
            }

            return root;
        }

        private static string AnchorOf(YamlDotNet.Core.AnchorName anchor) => anchor.IsEmpty ? string.Empty : anchor.Value;

        private static string CleanMessage(YamlException exception)
        {
            // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; the diagnostic carries the position.
            var message = exception.Message;
            var marker = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0)
            {
                message = message.Substring(marker + 3);
            }

            return message.Trim();
        }

        private sealed class OpenContainer
        {
            private YamlTreeNode? _pendingKey;

            public OpenContainer(YamlTreeNode node, string anchor)
            {
                Node = node;
                Anchor = anchor;
            }

            public YamlTreeNode Node { get; }

            public string Anchor { get; }

            public void Add(YamlTreeNode child)
            {
                if (Node is YamlTreeSequence sequence)
                {
                    sequence.Items.Add(child);
                    return;
                }

                var mapping = (YamlTreeMapping)Node;
                if (_pendingKey is null)
                {
                    _pendingKey = child;
                }
                else
                {
                    mapping.Entries.Add(new KeyValuePair<YamlTreeNode, YamlTreeNode>(_pendingKey, child));
                    _pendingKey = null;
                }
            }
        }
    }
}
