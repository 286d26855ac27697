using System.Collections.Generic;
using System.Text;
using AutoMix.Generators.Model;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;

namespace AutoMix.Generators.Parser
{
    /// <summary>Reduces a compiled policy to what the emitter writes: names, tiers, tables, metrics, provenance, rendering.</summary>
    internal static class EmitModelBuilder
    {
        /// <summary>Null when the policy has errors: no type is generated, the diagnostics say why.</summary>
        public static EmitModel? Build(CompiledPolicy policy)
        {
            if (!policy.CanEmit)
            {
                return null;
            }

            var compilation = policy.Compilation!;
            var document = compilation.Document!;
            var points = new List<OperatingPoint> { compilation.Default! };
            points.AddRange(compilation.OperatingPoints);

            var tierNames = new List<string>();
            foreach (var tier in document.Tiers)
            {
                tierNames.Add(tier.Name);
            }

            // The same member name is an enum member of Tier and a constant of TierNames; a member may not repeat
            // its container's name ('tier' or 'tier_names' would be CS0542).
            var tierMembers = Identifiers.UniquePascal(tierNames, "Tier", "TierNames");
            var tiers = new TierModel[document.Tiers.Count];
            for (var i = 0; i < tiers.Length; i++)
            {
                var tier = document.Tiers[i];
                tiers[i] = new TierModel(tier.Name, Identifiers.Parameter(tier.Name), tierMembers[i], tier.Model, tier.Cost, Verifier(tier.Verifier));
            }

            var pointNames = new List<string>();
            foreach (var point in points)
            {
                pointNames.Add(point.Name);
            }

            // Each point also names a nested class of OperatingPointMetrics, which may not repeat its container's name.
            // The metrics classes hold ExpectedCost, ExpectedPerformance, WorstCaseCost and WorstCasePath.
            var pointMembers = Identifiers.UniquePascal(pointNames, "OperatingPointMetrics", "OperatingPoints", "ExpectedCost", "ExpectedPerformance", "WorstCaseCost", "WorstCasePath");
            var tablePrefixes = TablePrefixes(pointMembers, document.PolicyName);
            var pointModels = new OperatingPointModel[points.Count];
            var rendering = new StringBuilder();
            for (var i = 0; i < points.Count; i++)
            {
                var point = points[i];
                var table = point.Table;
                pointModels[i] = new OperatingPointModel(
                    point.Name,
                    pointMembers[i],
                    tablePrefixes[i],
                    point.Lambda,
                    table.NodeTier,
                    table.NodeFirstSlot,
                    table.SlotNext,
                    point.Metrics.ExpectedPerformance,
                    point.Metrics.ExpectedCost,
                    point.Metrics.WorstCaseCost,
                    point.Metrics.WorstCasePath);
                if (i > 0)
                {
                    rendering.Append('\n');
                }

                rendering.Append(PolicyTableFormatter.Format(document, point));
            }

            return new EmitModel(
                policy.Path,
                policy.DisplayPath,
                policy.Namespace,
                document.PolicyName,
                document.PolicyName,
                document.Description,
                document.Router.Kind == RouterKind.Pomdp ? "pomdp" : "threshold",
                new EquatableArray<TierModel>(tiers),
                new EquatableArray<TableTier>(TableTiers.From(document)),
                new EquatableArray<OperatingPointModel>(pointModels),
                Provenance(document.Model?.Provenance),
                rendering.ToString());
        }

        /// <summary>
        /// Prefixes of the private table members (<c>{prefix}NodeTier</c>, …), which live beside the class's other
        /// members: none may equal another member or the class name (a policy called 'DefaultNodeTier').
        /// </summary>
        private static string[] TablePrefixes(string[] pointMembers, string typeName)
        {
            string[] suffixes = { "NodeTier", "NodeFirstSlot", "SlotNext" };
            var used = new HashSet<string>(GeneratedCodeNames.MemberNames, System.StringComparer.Ordinal) { typeName };
            var prefixes = new string[pointMembers.Length];
            for (var i = 0; i < pointMembers.Length; i++)
            {
                var prefix = pointMembers[i];
                while (System.Array.Exists(suffixes, suffix => used.Contains(prefix + suffix)))
                {
                    prefix += "Table";
                }

                foreach (var suffix in suffixes)
                {
                    used.Add(prefix + suffix);
                }

                prefixes[i] = prefix;
            }

            return prefixes;
        }

        private static VerifierModel? Verifier(VerifierSpec? verifier) => verifier is null
            ? null
            : new VerifierModel(verifier.Method.ToString(), verifier.Samples, verifier.Temperature, verifier.Cost, verifier.Binning.InteriorEdges, verifier.Adaptive);

        private static ProvenanceModel? Provenance(Provenance? provenance) => provenance is null
            ? null
            : new ProvenanceModel(provenance.Data, provenance.Rows, provenance.Hash, provenance.Date, provenance.Tool);
    }
}
