using System.Collections.Generic;
using YamlDotNet.Core;

namespace AutoMix.Policies.Parsing.Yaml
{
    /// <summary>
    /// A node of the policy's YAML tree with its position. We build our own tree from YamlDotNet's events instead of
    /// using its representation model because that model throws on the first duplicate key (and recurses per level);
    /// the policy language wants every duplicate reported with both positions.
    /// </summary>
    internal abstract class YamlTreeNode
    {
        protected YamlTreeNode(Mark start, Mark end)
        {
            Start = start;
            End = end;
        }

        public Mark Start { get; }

        public Mark End { get; internal set; }

        /// <summary>What the node is, for "expected X, but found Y" messages.</summary>
        public abstract string Describe();
    }

    /// <summary>A scalar. <see cref="IsPlain"/> is false for quoted and block scalars and for '!!str' tags.</summary>
    internal sealed class YamlTreeScalar : YamlTreeNode
    {
        private const int MaxShownLength = 40;

        public YamlTreeScalar(string value, bool isPlain, Mark start, Mark end)
            : base(start, end)
        {
            Value = value;
            IsPlain = isPlain;
        }

        public string Value { get; }

        public bool IsPlain { get; }

        /// <summary>YAML 1.2 core-schema null: an empty plain scalar, '~' or 'null'.</summary>
        public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

        public override string Describe()
        {
            if (IsNull)
            {
                return "no value (null)";
            }

            var shown = Value.Length > MaxShownLength ? Value.Substring(0, MaxShownLength) + "…" : Value;
            return IsPlain ? "'" + shown + "'" : "the quoted string '" + shown + "'";
        }
    }

    internal sealed class YamlTreeSequence : YamlTreeNode
    {
        public YamlTreeSequence(Mark start, Mark end)
            : base(start, end)
        {
        }

        public List<YamlTreeNode> Items { get; } = new List<YamlTreeNode>();

        public override string Describe() => "a list";
    }

    internal sealed class YamlTreeMapping : YamlTreeNode
    {
        public YamlTreeMapping(Mark start, Mark end)
            : base(start, end)
        {
        }

        /// <summary>Entries in document order, duplicates kept.</summary>
        public List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Entries { get; } = new List<KeyValuePair<YamlTreeNode, YamlTreeNode>>();

        public override string Describe() => "a mapping";
    }
}
