using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    /// <summary>
    /// State of one parse: the text, its line map, the diagnostics found so far, and typed readers for scalars that
    /// report AMX0004 (wrong type) on the value node and return null, so callers can carry on and collect more.
    /// </summary>
    internal sealed class ParseContext
    {
        // YAML 1.2 core schema, decimal forms only: hex/octal numbers in a policy are more likely mistakes than intent.
        private static readonly Regex IntegerPattern = new Regex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex NumberPattern = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex NonFinitePattern = new Regex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant);

        private readonly List<PolicyDiagnostic> _diagnostics = new List<PolicyDiagnostic>();

        public ParseContext(string text, string filePath)
        {
            Text = text;
            FilePath = filePath;
            Lines = new LineMap(text);
        }

        public string Text { get; }

        public string FilePath { get; }

        /// <summary>Skip the <c>model:</c> section (see <see cref="PolicyParser.ParseWithoutModel"/>).</summary>
        public bool IgnoreModel { get; set; }

        /// <summary>The generated class's public shape, set once the tiers are read (see PolicyParser.Outline).</summary>
        public PolicyOutline? Outline { get; set; }

        public LineMap Lines { get; }

        public IReadOnlyList<PolicyDiagnostic> Diagnostics => _diagnostics;

        public bool HasErrors
        {
            get
            {
                foreach (var diagnostic in _diagnostics)
                {
                    if (diagnostic.IsError)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public SourceSpan SpanOf(YamlTreeNode node) => Lines.SpanOf(node.Start, node.End);

        /// <summary>One-based line of a node, for messages that point back at an earlier occurrence.</summary>
        public int DisplayLineOf(YamlTreeNode node) => SpanOf(node).StartLine + 1;

        /// <summary>Longest argument text put into a message; longer (user-written) values are cut.</summary>
        public const int MaxArgumentLength = 200;

        public void Report(PolicyDiagnosticDescriptor descriptor, SourceSpan span, params object?[] args)
        {
            // Messages echo names and values from the policy; a pathological file must not produce megabyte messages.
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is string text && text.Length > MaxArgumentLength)
                {
                    args[i] = text.Substring(0, MaxArgumentLength) + "…";
                }
            }

            _diagnostics.Add(descriptor.Create(FilePath, span, args));
        }

        public void Report(PolicyDiagnosticDescriptor descriptor, YamlTreeNode node, params object?[] args) =>
            Report(descriptor, SpanOf(node), args);

        public void WrongType(YamlTreeNode node, string path, string expected) =>
            Report(PolicyDiagnosticDescriptors.WrongType, node, path, expected, node.Describe());

        public YamlTreeMapping? Mapping(YamlTreeNode node, string path)
        {
            if (node is YamlTreeMapping mapping)
            {
                return mapping;
            }

            WrongType(node, path, "a mapping (key: value lines)");
            return null;
        }

        public YamlTreeSequence? Sequence(YamlTreeNode node, string path)
        {
            if (node is YamlTreeSequence sequence)
            {
                return sequence;
            }

            WrongType(node, path, "a list");
            return null;
        }

        /// <summary>Any non-null scalar as text (a plain <c>123</c> is the string "123").</summary>
        public string? String(YamlTreeNode node, string path)
        {
            if (node is YamlTreeScalar scalar && !scalar.IsNull)
            {
                return scalar.Value;
            }

            WrongType(node, path, "a string");
            return null;
        }

        /// <summary>Like <see cref="String"/>, but an explicit null means "not given" (for optional free text).</summary>
        public string? OptionalString(YamlTreeNode node, string path) =>
            node is YamlTreeScalar { IsNull: true } ? null : String(node, path);

        public int? Integer(YamlTreeNode node, string path)
        {
            if (node is YamlTreeScalar { IsPlain: true, IsNull: false } scalar && IntegerPattern.IsMatch(scalar.Value))
            {
                if (int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                WrongType(node, path, "an integer between -2147483648 and 2147483647");
                return null;
            }

            WrongType(node, path, "an integer");
            return null;
        }

        /// <summary>A finite number; integers are accepted.</summary>
        public double? Number(YamlTreeNode node, string path)
        {
            if (node is YamlTreeScalar { IsPlain: true, IsNull: false } scalar)
            {
                if (NonFinitePattern.IsMatch(scalar.Value))
                {
                    WrongType(node, path, "a finite number");
                    return null;
                }

                if (NumberPattern.IsMatch(scalar.Value)
                    && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    if (double.IsNaN(value) || double.IsInfinity(value))
                    {
                        WrongType(node, path, "a finite number (this one overflows)");
                        return null;
                    }

                    return value;
                }
            }

            WrongType(node, path, "a number");
            return null;
        }

        /// <summary>A list of finite numbers, or null (with diagnostics) when any entry is not one.</summary>
        public double[]? Numbers(YamlTreeNode node, string path)
        {
            var sequence = Sequence(node, path);
            if (sequence is null)
            {
                return null;
            }

            var values = new double[sequence.Items.Count];
            var ok = true;
            for (var i = 0; i < values.Length; i++)
            {
                var value = Number(sequence.Items[i], Indexed(path, i));
                if (value is null)
                {
                    ok = false;
                }
                else
                {
                    values[i] = value.Value;
                }
            }

            return ok ? values : null;
        }

        public static string Indexed(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
