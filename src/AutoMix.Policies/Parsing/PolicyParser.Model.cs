using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    public static partial class PolicyParser
    {
        private static readonly string[] ModelKeys = { "binning", "states", "selection", "provenance" };
        private static readonly string[] SelectionKeys = { "router", "lambda", "threshold", "method" };
        private static readonly string[] StateKeys = { "name", "prior", "performance", "observations" };
        private static readonly string[] ProvenanceKeys = { "data", "rows", "hash", "date", "tool", "notes" };

        /// <summary>
        /// The observation model. Checked against the tiers that parsed (<paramref name="tiers"/> null when the
        /// tier list itself was unreadable), so a broken tier does not hide errors in the model.
        /// </summary>
        private static ObservationModel? ReadModel(ParseContext context, YamlTreeNode node, List<TierDraft>? tiers)
        {
            var mapping = context.Mapping(node, "model");
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, "model", ModelKeys);
            var errorsBefore = context.Diagnostics.Count;

            // Read first: a chosen binning changes the bin counts the observation rows are checked against.
            var binningNode = reader.Optional("binning");
            var binning = binningNode is null ? EquatableArray<TierBinning>.Empty : ReadModelBinning(context, binningNode, tiers);

            var statesNode = reader.Required("states");
            var states = statesNode is null ? null : ReadStates(context, statesNode, tiers);

            Provenance? provenance = null;
            var provenanceNode = reader.Optional("provenance");
            if (provenanceNode is not null)
            {
                provenance = ReadProvenance(context, provenanceNode);
            }

            RouterSelection? selection = null;
            var selectionNode = reader.Optional("selection");
            if (selectionNode is not null)
            {
                selection = ReadSelection(context, selectionNode);
            }

            return states is not null && context.Diagnostics.Count == errorsBefore
                ? new ObservationModel(new EquatableArray<HiddenState>(states), provenance, context.SpanOf(node)) { Selection = selection, Binning = binning }
                : null;
        }

        private static List<HiddenState>? ReadStates(ParseContext context, YamlTreeNode node, List<TierDraft>? tiers)
        {
            const string path = "model.states";
            var sequence = context.Sequence(node, path);
            if (sequence is null)
            {
                return null;
            }

            if (sequence.Items.Count == 0)
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidValue, sequence, path, "empty", "give at least one hidden state");
                return null;
            }

            var states = new List<HiddenState>();
            var firstByName = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
            var priorSum = 0.0;
            var allPriors = true;
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var item = sequence.Items[i];
                var state = ReadState(context, item, i, tiers, out var name, out var nameNode, out var prior);
                if (prior is null)
                {
                    allPriors = false;
                }
                else
                {
                    priorSum += prior.Value;
                }

                if (name is not null)
                {
                    if (firstByName.TryGetValue(name, out var first))
                    {
                        context.Report(PolicyDiagnosticDescriptors.DuplicateName, nameNode ?? item, "State", name, context.DisplayLineOf(first));
                    }
                    else
                    {
                        firstByName.Add(name, nameNode ?? item);
                    }
                }

                if (state is not null)
                {
                    states.Add(state);
                }
            }

            if (allPriors && Math.Abs(priorSum - 1) > SumTolerance)
            {
                context.Report(PolicyDiagnosticDescriptors.PriorsSum, sequence, FormatSum(priorSum));
            }

            return states.Count == sequence.Items.Count ? states : null;
        }

        private static HiddenState? ReadState(
            ParseContext context,
            YamlTreeNode node,
            int index,
            List<TierDraft>? tiers,
            out string? name,
            out YamlTreeNode? nameNode,
            out double? prior)
        {
            var path = ParseContext.Indexed("model.states", index);
            name = null;
            nameNode = null;
            prior = null;
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, StateKeys);
            var errorsBefore = context.Diagnostics.Count;

            // Unnamed states are s0, s1, … by position, which is what calibration reports refer to.
            name = "s" + index.ToString(CultureInfo.InvariantCulture);
            nameNode = reader.Optional("name");
            if (nameNode is not null)
            {
                name = context.String(nameNode, reader.PathOf("name"));
            }

            var label = name ?? path;

            var priorNode = reader.Required("prior");
            if (priorNode is not null)
            {
                prior = context.Number(priorNode, reader.PathOf("prior"));
                if (prior is not null && !InUnitInterval(prior.Value))
                {
                    context.Report(PolicyDiagnosticDescriptors.ProbabilityOutOfRange, priorNode, reader.PathOf("prior"), ParseContext.Format(prior.Value));
                    prior = null;
                }
            }

            double[]? performance = null;
            var performanceNode = reader.Required("performance");
            if (performanceNode is not null)
            {
                performance = context.Numbers(performanceNode, reader.PathOf("performance"));
                if (performance is not null)
                {
                    var items = ((YamlTreeSequence)performanceNode).Items;
                    if (tiers is not null && performance.Length != tiers.Count)
                    {
                        context.Report(PolicyDiagnosticDescriptors.PerformanceLength, performanceNode, label, Plural(performance.Length, "performance value"), Plural(tiers.Count, "tier"));
                    }

                    for (var i = 0; i < performance.Length; i++)
                    {
                        if (!InUnitInterval(performance[i]))
                        {
                            context.Report(PolicyDiagnosticDescriptors.PerformanceOutOfRange, items[i], ParseContext.Format(performance[i]), label);
                        }
                    }
                }
            }

            var rows = ReadObservationRows(context, reader, label, tiers);

            return context.Diagnostics.Count == errorsBefore && name is not null && prior is not null && performance is not null && rows is not null
                ? new HiddenState(name, prior.Value, new EquatableArray<double>(performance), new EquatableArray<ObservationRow>(rows), context.SpanOf(node))
                : null;
        }

        /// <summary>The <c>observations</c> of one state: a row per verified tier, returned in tier order.</summary>
        private static ObservationRow[]? ReadObservationRows(ParseContext context, MappingReader stateReader, string stateName, List<TierDraft>? tiers)
        {
            var verified = tiers?.Where(t => !t.IsLast && t.Name is not null).ToList() ?? new List<TierDraft>();
            var node = stateReader.Optional("observations");
            if (node is null)
            {
                if (verified.Count > 0)
                {
                    stateReader.Required("observations");
                    return null;
                }

                return Array.Empty<ObservationRow>();
            }

            var path = stateReader.PathOf("observations");
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, knownKeys: null);
            var rowsByTier = new Dictionary<string, ObservationRow>(StringComparer.Ordinal);
            foreach (var entry in reader.Entries)
            {
                var tierName = entry.Key;
                var tier = verified.FirstOrDefault(t => string.Equals(t.Name, tierName, StringComparison.Ordinal));
                if (tier is null)
                {
                    // Only complain when the tier list is known; otherwise its own errors explain the problem.
                    if (tiers is not null)
                    {
                        var names = verified.Select(t => t.Name!).ToArray();
                        context.Report(
                            PolicyDiagnosticDescriptors.UnknownTierReference,
                            entry.Value.Key,
                            tierName,
                            ListOf(names) + KeySuggester.SuggestionSuffix(tierName, names));
                    }

                    continue;
                }

                var row = ReadRow(context, entry.Value.Value, reader.PathOf(tierName), tierName, stateName, tier.BinCount, tier.BinSource);
                if (row is not null)
                {
                    rowsByTier[tierName] = row;
                }
            }

            foreach (var tier in verified)
            {
                if (reader.KeyNode(tier.Name!) is null)
                {
                    context.Report(PolicyDiagnosticDescriptors.MissingObservationRow, mapping, stateName, tier.Name);
                }
            }

            var rows = new List<ObservationRow>();
            foreach (var tier in verified)
            {
                if (!rowsByTier.TryGetValue(tier.Name!, out var row))
                {
                    return null;
                }

                rows.Add(row);
            }

            return rows.ToArray();
        }

        private static ObservationRow? ReadRow(ParseContext context, YamlTreeNode node, string path, string tierName, string stateName, int? binCount, string? binSource)
        {
            var values = context.Numbers(node, path);
            if (values is null)
            {
                return null;
            }

            var ok = true;
            var items = ((YamlTreeSequence)node).Items;
            for (var i = 0; i < values.Length; i++)
            {
                if (!InUnitInterval(values[i]))
                {
                    context.Report(PolicyDiagnosticDescriptors.ProbabilityOutOfRange, items[i], ParseContext.Indexed(path, i), ParseContext.Format(values[i]));
                    ok = false;
                }
            }

            if (binCount is not null && values.Length != binCount)
            {
                context.Report(PolicyDiagnosticDescriptors.ObservationRowLength, node, tierName, stateName, Plural(values.Length, "entry", "entries"), Plural(binCount.Value, "observation bin"), binSource ?? "from its verifier");
                ok = false;
            }

            var sum = values.Sum();
            if (Math.Abs(sum - 1) > SumTolerance)
            {
                context.Report(PolicyDiagnosticDescriptors.ObservationRowSum, node, tierName, stateName, FormatSum(sum));
                ok = false;
            }

            return ok ? new ObservationRow(tierName, new EquatableArray<double>(values)) : null;
        }

        private static Provenance? ReadProvenance(ParseContext context, YamlTreeNode node)
        {
            const string path = "model.provenance";
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, ProvenanceKeys);
            string? Text(string key)
            {
                var value = reader.Optional(key);
                return value is null ? null : context.OptionalString(value, reader.PathOf(key));
            }

            int? rows = null;
            var rowsNode = reader.Optional("rows");
            if (rowsNode is not null)
            {
                rows = context.Integer(rowsNode, reader.PathOf("rows"));
                if (rows < 0)
                {
                    context.Report(PolicyDiagnosticDescriptors.InvalidValue, rowsNode, reader.PathOf("rows"), rows.Value.ToString(CultureInfo.InvariantCulture), "a row count cannot be negative");
                }
            }

            return new Provenance(Text("data"), rows, Text("hash"), Text("date"), Text("tool"), Text("notes"));
        }

        /// <summary>
        /// model.binning: interior edges per verified tier, chosen by calibration. Applied to each named tier's
        /// verifier (and its bin count) here, so the rows below, the solver, the generator and the runtime all use
        /// it. A tier whose binning is set explicitly (its own or the top-level <c>observations</c>) keeps it: naming
        /// it here is an error.
        /// </summary>
        private static EquatableArray<TierBinning> ReadModelBinning(ParseContext context, YamlTreeNode node, List<TierDraft>? tiers)
        {
            const string path = "model.binning";
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return EquatableArray<TierBinning>.Empty;
            }

            var reader = new MappingReader(context, mapping, path, knownKeys: null);
            var result = new List<TierBinning>();
            var verified = tiers?.Where(t => !t.IsLast && t.Name is not null).ToList() ?? new List<TierDraft>();
            foreach (var entry in reader.Entries)
            {
                var tierName = entry.Key;
                var binning = ReadEdges(context, entry.Value.Value, reader.PathOf(tierName));
                var tier = verified.FirstOrDefault(t => string.Equals(t.Name, tierName, StringComparison.Ordinal));
                if (tier is null)
                {
                    if (tiers is not null)
                    {
                        var names = verified.Select(t => t.Name!).ToArray();
                        context.Report(PolicyDiagnosticDescriptors.UnknownTierReference, entry.Value.Key, tierName, ListOf(names) + KeySuggester.SuggestionSuffix(tierName, names));
                    }

                    continue;
                }

                if (binning is null)
                {
                    continue;
                }

                if (tier.Spec?.Verifier is { } verifier)
                {
                    if (tier.IsAdaptive)
                    {
                        context.Report(PolicyDiagnosticDescriptors.InvalidValue, entry.Value.Key, reader.PathOf(tierName), "set", "tier '" + tierName + "' is adaptive: its bins are the counts of agreeing samples (samples + 1); remove this entry, or recalibrate");
                        continue;
                    }

                    if (!tier.BinningIsDefault)
                    {
                        context.Report(PolicyDiagnosticDescriptors.InvalidValue, entry.Value.Key, reader.PathOf(tierName), "set", "tier '" + tierName + "' sets its observation bins itself (observations:); remove one of the two, or recalibrate");
                        continue;
                    }

                    tier.Spec = tier.Spec with { Verifier = verifier with { Binning = binning } };
                }

                tier.BinCount = binning.BinCount;
                result.Add(new TierBinning(tierName, binning));
            }

            return new EquatableArray<TierBinning>(result.ToArray());
        }

        /// <summary>model.selection: the operating point calibration chose (router pomdp with lambda, or threshold).</summary>
        private static RouterSelection? ReadSelection(ParseContext context, YamlTreeNode node)
        {
            const string path = "model.selection";
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, SelectionKeys);
            var routerNode = reader.Required("router");
            var router = routerNode is null ? null : context.String(routerNode, reader.PathOf("router"));
            RouterSelectionKind? kind = router switch
            {
                null => null,
                "pomdp" => RouterSelectionKind.Pomdp,
                "threshold" => RouterSelectionKind.Threshold,
                _ => null,
            };
            if (router is not null && kind is null)
            {
                context.Report(PolicyDiagnosticDescriptors.UnknownEnumValue, routerNode!, router, reader.PathOf("router"), "'pomdp' or 'threshold'", KeySuggester.SuggestionSuffix(router, new[] { "pomdp", "threshold" }));
            }

            var valueKey = kind == RouterSelectionKind.Threshold ? "threshold" : "lambda";
            var otherKey = kind == RouterSelectionKind.Threshold ? "lambda" : "threshold";
            var otherNode = reader.Optional(otherKey);
            if (kind is not null && otherNode is not null)
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidValue, otherNode, reader.PathOf(otherKey), "set", "a " + router + " selection takes '" + valueKey + "', not '" + otherKey + "'");
            }

            var valueNode = kind is null ? null : reader.Required(valueKey);
            double? value = valueNode is null ? null : context.Number(valueNode, reader.PathOf(valueKey));
            if (value is { } v && valueNode is not null && (v < 0 || (kind == RouterSelectionKind.Threshold && v > 1 + 1e-6)))
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidValue, valueNode, reader.PathOf(valueKey), ParseContext.Format(v),
                    kind == RouterSelectionKind.Threshold ? "a threshold is a confidence between 0 and 1 (just above 1: never accept)" : "λ must be ≥ 0");
                value = null;
            }

            var methodNode = reader.Optional("method");
            var method = methodNode is null ? null : context.OptionalString(methodNode, reader.PathOf("method"));
            return kind is { } k && value is { } selected ? new RouterSelection(k, selected, method, context.SpanOf(node)) : null;
        }

        private static string FormatSum(double sum) => sum.ToString("G10", CultureInfo.InvariantCulture);
    }
}
