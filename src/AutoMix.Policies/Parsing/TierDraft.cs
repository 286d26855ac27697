using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    /// <summary>
    /// What the parser learnt about one tier, even when it has errors, so the model section can still be checked
    /// against the tier names and bin counts that did parse.
    /// </summary>
    internal sealed class TierDraft
    {
        public TierDraft(int index, bool isLast)
        {
            Index = index;
            IsLast = isLast;
        }

        public int Index { get; }

        /// <summary>The last tier is never verified; every other tier must be.</summary>
        public bool IsLast { get; }

        public string? Name { get; set; }

        public YamlTreeNode? NameNode { get; set; }

        /// <summary>The tier's model, when it was readable.</summary>
        public string? Model { get; set; }

        /// <summary>Observation bins of the tier's verifier, when it resolved.</summary>
        public int? BinCount { get; set; }

        /// <summary>The tier list has fewer than two tiers (AMX0008), so no tier is required to verify or not.</summary>
        public bool InShortList { get; set; }

        /// <summary>How the bin count came about ("9 = samples + 1"), for AMX0012.</summary>
        public string? BinSource { get; set; }

        /// <summary>True when no observations: key (the tier's or the top level) set the verifier's bins, so calibration may choose them.</summary>
        public bool BinningIsDefault => BinSource is not null && !IsAdaptive && !BinSource.StartsWith("from ", System.StringComparison.Ordinal);

        /// <summary>The tier's verifier is adaptive: its bins are the counts of agreeing samples, never chosen by calibration.</summary>
        public bool IsAdaptive { get; set; }

        /// <summary>The finished tier, when every part of it is valid.</summary>
        public TierSpec? Spec { get; set; }
    }
}
