using System.Collections.Generic;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    /// <summary>
    /// Reads one YAML mapping of the policy: reports duplicate keys (AMX0020), keys that are not scalars (AMX0004)
    /// and, when a key set is given, unknown keys with a "did you mean" (AMX0002); then hands out values by key.
    /// </summary>
    internal sealed class MappingReader
    {
        private readonly ParseContext _context;
        private readonly Dictionary<string, KeyValuePair<YamlTreeNode, YamlTreeNode>> _entries =
            new Dictionary<string, KeyValuePair<YamlTreeNode, YamlTreeNode>>(System.StringComparer.Ordinal);

        private readonly List<KeyValuePair<string, KeyValuePair<YamlTreeNode, YamlTreeNode>>> _ordered =
            new List<KeyValuePair<string, KeyValuePair<YamlTreeNode, YamlTreeNode>>>();

        /// <param name="knownKeys">The allowed keys, or null to allow any (mappings keyed by tier name).</param>
        public MappingReader(ParseContext context, YamlTreeMapping mapping, string path, IReadOnlyList<string>? knownKeys)
        {
            _context = context;
            Node = mapping;
            Path = path;
            foreach (var entry in mapping.Entries)
            {
                if (entry.Key is not YamlTreeScalar { IsNull: false } keyScalar)
                {
                    context.WrongType(entry.Key, (path.Length == 0 ? "a top-level" : "a " + path) + " key", "a name");
                    continue;
                }

                var key = keyScalar.Value;
                if (_entries.TryGetValue(key, out var first))
                {
                    context.Report(PolicyDiagnosticDescriptors.DuplicateKey, entry.Key, key, context.DisplayLineOf(first.Key));
                    continue;
                }

                if (knownKeys is not null && !Contains(knownKeys, key))
                {
                    if (KeySuggester.Suggest(key, knownKeys) is { } meant)
                    {
                        _misspelt.Add(meant);
                    }

                    context.Report(
                        PolicyDiagnosticDescriptors.UnknownKey,
                        entry.Key,
                        key,
                        SectionName,
                        KeySuggester.SuggestionSuffix(key, knownKeys));
                    continue;
                }

                _entries.Add(key, entry);
                _ordered.Add(new KeyValuePair<string, KeyValuePair<YamlTreeNode, YamlTreeNode>>(key, entry));
            }
        }

        /// <summary>Known keys that an unknown key of this mapping looks like a misspelling of ("verifer" → "verifier").</summary>
        private readonly HashSet<string> _misspelt = new HashSet<string>(System.StringComparer.Ordinal);

        public YamlTreeMapping Node { get; }

        /// <summary>
        /// True when an unknown key of this mapping was reported as a likely misspelling of <paramref name="key"/>:
        /// the key's absence is then that same mistake, not a second one.
        /// </summary>
        public bool IsMisspelt(string key) => _misspelt.Contains(key);

        /// <summary>Where the mapping is, e.g. "tiers[0].verifier", for messages.</summary>
        public string Path { get; }

        /// <summary>The section as messages name it: the path, or "the top level" for the root mapping.</summary>
        public string SectionName => Path.Length == 0 ? "the top level" : Path;

        /// <summary>The accepted entries (first occurrence of each valid key) in document order.</summary>
        public IReadOnlyList<KeyValuePair<string, KeyValuePair<YamlTreeNode, YamlTreeNode>>> Entries => _ordered;

        public bool Has(string key) => _entries.ContainsKey(key);

        public YamlTreeNode? Optional(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

        public YamlTreeNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

        /// <summary>The value of a required key, or null after reporting AMX0003 on the mapping.</summary>
        public YamlTreeNode? Required(string key)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                return entry.Value;
            }

            if (!IsMisspelt(key))
            {
                _context.Report(PolicyDiagnosticDescriptors.MissingKey, Node, key, SectionName);
            }

            return null;
        }

        /// <summary>
        /// Reports AMX0018 at the second key when two mutually exclusive keys are both given; true when they are.
        /// </summary>
        public bool BothGiven(string first, string second, string whatToDo)
        {
            if (!Has(first) || !Has(second))
            {
                return false;
            }

            _context.Report(PolicyDiagnosticDescriptors.InvalidValue, KeyNode(second)!, Path, $"given both '{first}' and '{second}'", whatToDo);
            return true;
        }

        /// <summary>Dotted path of a child key, for messages.</summary>
        public string PathOf(string key) => Path.Length == 0 ? key : Path + "." + key;

        private static bool Contains(IReadOnlyList<string> keys, string key)
        {
            foreach (var known in keys)
            {
                if (string.Equals(known, key, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
