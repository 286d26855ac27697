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
                context.Report(PolicyDiagnosticDescriptors.YamlSyntax, context.Lines.SpanOf(exception.Start, exception.End), CleanMessage(exception));
                return null;
            }
        }

        private static YamlTreeNode? ReadCore(ParseContext context)
        {
            var parser = new Parser(new StringReader(context.Text));
            var anchors = new Dictionary<string, YamlTreeNode>(System.StringComparer.Ordinal);
            var open = new Stack<OpenContainer>();
            YamlTreeNode? root = null;
            var documents = 0;

            while (parser.MoveNext())
            {
                var parsingEvent = parser.Current!;
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
            var marker = message.IndexOf("): ", System.StringComparison.Ordinal);
            if (message.StartsWith("(Line:", System.StringComparison.Ordinal) && marker >= 0)
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
