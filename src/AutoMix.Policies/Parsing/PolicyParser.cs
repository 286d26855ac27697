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
    /// <summary>
    /// The validating parser of policy language v1 (docs/policy-language.md). It never throws: every problem becomes
    /// a diagnostic from <see cref="PolicyDiagnosticDescriptors"/> at the offending node, all problems are collected,
    /// and a <see cref="PolicyDocument"/> with every default resolved is returned only when there is no error.
    /// </summary>
    public static partial class PolicyParser
    {
        /// <summary>The only schema version this parser reads.</summary>
        public const int SchemaVersion = 1;

        /// <summary>Upper bound on verifier samples; guards allocations on absurd input.</summary>
        public const int MaxSamples = 1000;

        /// <summary>Upper bound on observation bins per tier; guards allocations on absurd input.</summary>
        public const int MaxBins = 1000;

        /// <summary>Upper bound on tiers: the routing table grows as bins^tiers (docs/policy-language.md, "Limits").</summary>
        public const int MaxTiers = 16;

        /// <summary>Upper bound on YAML nesting; a policy needs about six levels (docs/policy-language.md, "Limits").</summary>
        public const int MaxNestingDepth = 32;

        /// <summary>Tolerance for probabilities that must sum to 1.</summary>
        public const double SumTolerance = 1e-6;

        private static readonly string[] TopLevelKeys =
            { "automix", "policy", "namespace", "description", "observations", "tiers", "router", "model", "budget" };

        private static readonly string[] BinningKeys = { "bins", "edges" };
        private static readonly string[] BudgetKeys = { "max-cost-per-query", "max-expected-cost" };

        public static PolicyParseResult Parse(string text, string filePath) => Parse(text, filePath, ignoreModel: false);

        /// <summary>
        /// Parses everything but the <c>model:</c> section, which is skipped unread (and not required for a POMDP
        /// router). Calibration uses this: the model is what it is about to replace, so a stale or broken one
        /// (say, rows for a bin count the user just changed) must not stop it.
        /// </summary>
        public static PolicyParseResult ParseWithoutModel(string text, string filePath) => Parse(text, filePath, ignoreModel: true);

        private static PolicyParseResult Parse(string text, string filePath, bool ignoreModel)
        {
            var context = new ParseContext(text ?? string.Empty, filePath ?? string.Empty) { IgnoreModel = ignoreModel };
            PolicyDocument? document = null;
            try
            {
                document = ParseDocument(context);
            }
            catch (Exception exception)
            {
                // A bug in this parser or in YamlDotNet must not crash the build (or the IDE hosting the generator):
                // it becomes a diagnostic that names the failure.
                context.Report(
                    PolicyDiagnosticDescriptors.InternalError,
                    SourceSpan.None,
                    exception.GetType().Name + ": " + exception.Message);
            }

            // Report in text order; OrderBy is stable, so problems at one position keep their discovery order.
            var diagnostics = context.Diagnostics
                .OrderBy(d => d.Span.Start)
                .ToArray();
            return new PolicyParseResult(context.HasErrors ? null : document, new EquatableArray<PolicyDiagnostic>(diagnostics))
            {
                Outline = context.Outline,
            };
        }

        private static PolicyDocument? ParseDocument(ParseContext context)
        {
            var root = YamlTreeReader.Read(context);
            if (context.HasErrors)
            {
                return null;
            }

            if (root is null || root is YamlTreeScalar { IsNull: true })
            {
                context.Report(PolicyDiagnosticDescriptors.EmptyDocument, context.Lines.SpanOf(0, 0));
                return null;
            }

            var rootMapping = context.Mapping(root, "the policy");
            if (rootMapping is null)
            {
                return null;
            }

            var top = new MappingReader(context, rootMapping, string.Empty, TopLevelKeys);

            ReadSchemaVersion(context, top);
            var policyName = ReadPolicyName(context, top, out var policyNameSpan);
            var ns = ReadNamespace(context, top);
            var descriptionNode = top.Optional("description");
            var description = descriptionNode is null ? null : context.OptionalString(descriptionNode, "description");
            var observationsNode = top.Optional("observations");
            var defaultBinning = observationsNode is null ? null : ReadBinning(context, observationsNode, "observations");

            var tiersNode = top.Required("tiers");
            var tiers = tiersNode is null ? null : ReadTiers(context, tiersNode, defaultBinning);

            var routerNode = top.Required("router");
            YamlTreeNode? kindNode = null;
            var router = routerNode is null ? null : ReadRouter(context, routerNode, out kindNode);

            var modelNode = top.Optional("model");
            // With fewer than two tiers (AMX0008) the model cannot be checked against the tiers: its rows and
            // performance vectors would only repeat that one mistake.
            var model = modelNode is null || context.IgnoreModel ? null : ReadModel(context, modelNode, tiers is { Count: >= 2 } ? tiers : null);
            if (router is { Kind: RouterKind.Pomdp } && modelNode is null && !context.IgnoreModel)
            {
                context.Report(PolicyDiagnosticDescriptors.MissingModel, kindNode ?? routerNode!);
            }

            var budgetNode = top.Optional("budget");
            var budget = budgetNode is null ? null : ReadBudget(context, budgetNode);
            context.Outline = Outline(policyName, policyNameSpan, ns, top.Optional("namespace") is not null, tiers);

            if (context.HasErrors || policyName is null || tiers is null || router is null)
            {
                return null;
            }

            var tierSpecs = new TierSpec[tiers.Count];
            for (var i = 0; i < tiers.Count; i++)
            {
                if (tiers[i].Spec is null)
                {
                    return null;
                }

                tierSpecs[i] = tiers[i].Spec!;
            }

            return new PolicyDocument(
                SchemaVersion,
                policyName,
                ns,
                description,
                new EquatableArray<TierSpec>(tierSpecs),
                router,
                model,
                budget,
                policyNameSpan)
            {
                DefaultBinningTiers = new EquatableArray<string>(tiers.Where(t => t.BinningIsDefault && !t.IsLast).Select(t => t.Name!).ToArray()),
            };
        }

        /// <summary>"1 tier", "2 tiers": counts in messages read as English.</summary>
        internal static string Plural(int count, string singular, string? plural = null) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");

        /// <summary>
        /// The class's public shape, or null unless the type name, the namespace (when given) and every tier name are
        /// valid and the tier names unique: a placeholder with a wrong name would add C# errors instead of removing them.
        /// </summary>
        private static PolicyOutline? Outline(string? policyName, SourceSpan policyNameSpan, string? ns, bool namespaceGiven, List<TierDraft>? tiers)
        {
            if (policyName is null || CSharpIdentifier.TypeNameProblem(policyName) is not null
                || (namespaceGiven && (ns is null || CSharpIdentifier.NamespaceProblem(ns) is not null))
                || tiers is null || tiers.Count == 0)
            {
                return null;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var outlineTiers = new OutlineTier[tiers.Count];
            for (var i = 0; i < tiers.Count; i++)
            {
                var name = tiers[i].Name;
                if (name is null || CSharpIdentifier.Problem(name) is not null || !names.Add(name))
                {
                    return null;
                }

                outlineTiers[i] = new OutlineTier(name, tiers[i].Model);
            }

            return new PolicyOutline(policyName, ns, new EquatableArray<OutlineTier>(outlineTiers), policyNameSpan);
        }

        private static void ReadSchemaVersion(ParseContext context, MappingReader top)
        {
            var node = top.Required("automix");
            if (node is YamlTreeScalar { IsPlain: false })
            {
                context.WrongType(node, "automix", "the unquoted number 1");
            }
            else if (node is YamlTreeScalar scalar)
            {
                if (scalar.Value != "1")
                {
                    context.Report(PolicyDiagnosticDescriptors.UnsupportedSchemaVersion, scalar, scalar.IsNull ? "null" : scalar.Value);
                }
            }
            else if (node is not null)
            {
                context.WrongType(node, "automix", "the schema version 1");
            }
        }

        private static string? ReadPolicyName(ParseContext context, MappingReader top, out SourceSpan span)
        {
            span = SourceSpan.None;
            var node = top.Required("policy");
            if (node is null)
            {
                return null;
            }

            span = context.SpanOf(node);
            var name = context.String(node, "policy");
            if (name is null)
            {
                return null;
            }

            var problem = CSharpIdentifier.TypeNameProblem(name);
            if (problem is not null)
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidIdentifier, node, "policy", name, "type name: " + problem);
            }

            return name;
        }

        private static string? ReadNamespace(ParseContext context, MappingReader top)
        {
            var node = top.Optional("namespace");
            if (node is null)
            {
                return null;
            }

            var ns = context.String(node, "namespace");
            if (ns is null)
            {
                return null;
            }

            var problem = CSharpIdentifier.NamespaceProblem(ns);
            if (problem is not null)
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidIdentifier, node, "namespace", ns, "namespace: " + problem);
            }

            return ns;
        }

        /// <summary>An <c>observations</c> mapping: exactly one of <c>bins</c> (equal width) or <c>edges</c> (interior edges).</summary>
        private static ObservationBinning? ReadBinning(ParseContext context, YamlTreeNode node, string path)
        {
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, BinningKeys);
            var binsNode = reader.Optional("bins");
            var edgesNode = reader.Optional("edges");
            if (reader.BothGiven("bins", "edges", "use 'bins' for equal-width bins or 'edges' for custom ones, not both"))
            {
                return null;
            }

            if (binsNode is not null)
            {
                var bins = context.Integer(binsNode, reader.PathOf("bins"));
                if (bins is null)
                {
                    return null;
                }

                if (bins < 2 || bins > MaxBins)
                {
                    context.Report(
                        PolicyDiagnosticDescriptors.InvalidValue,
                        binsNode,
                        reader.PathOf("bins"),
                        bins.Value.ToString(CultureInfo.InvariantCulture),
                        bins < 2
                            ? "at least 2 bins are needed to tell confident answers from doubtful ones"
                            : "at most " + MaxBins.ToString(CultureInfo.InvariantCulture) + " bins are supported");
                    return null;
                }

                return ObservationBinning.Equal(bins.Value);
            }

            if (edgesNode is not null)
            {
                return ReadEdges(context, edgesNode, reader.PathOf("edges"));
            }

            context.Report(PolicyDiagnosticDescriptors.MissingKey, mapping, "bins' or 'edges", path);
            return null;
        }

        private static ObservationBinning? ReadEdges(ParseContext context, YamlTreeNode node, string path)
        {
            var edges = context.Numbers(node, path);
            if (edges is null)
            {
                return null;
            }

            var items = ((YamlTreeSequence)node).Items;
            if (edges.Length == 0 || edges.Length > MaxBins - 1)
            {
                context.Report(
                    PolicyDiagnosticDescriptors.InvalidValue,
                    node,
                    path,
                    edges.Length == 0 ? "empty" : "a list of " + edges.Length.ToString(CultureInfo.InvariantCulture) + " edges",
                    edges.Length == 0
                        ? "give at least one interior edge, for example [0.5]"
                        : "at most " + MaxBins.ToString(CultureInfo.InvariantCulture) + " bins are supported");
                return null;
            }

            var ok = true;
            for (var i = 0; i < edges.Length; i++)
            {
                string? problem = null;
                if (!(edges[i] > 0 && edges[i] < 1))
                {
                    problem = "interior edges lie strictly between 0 and 1 (0 and 1 are implied)";
                }
                else if (i > 0 && edges[i] <= edges[i - 1])
                {
                    problem = "edges must be strictly increasing, but the previous edge is " + ParseContext.Format(edges[i - 1]);
                }

                if (problem is not null)
                {
                    context.Report(PolicyDiagnosticDescriptors.InvalidValue, items[i], ParseContext.Indexed(path, i), ParseContext.Format(edges[i]), problem);
                    ok = false;
                }
            }

            return ok ? new ObservationBinning(new EquatableArray<double>(edges)) : null;
        }

        private static BudgetSpec? ReadBudget(ParseContext context, YamlTreeNode node)
        {
            var mapping = context.Mapping(node, "budget");
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, "budget", BudgetKeys);
            var perQuery = ReadPositive(context, reader, "max-cost-per-query", out var perQuerySpan);
            var expected = ReadPositive(context, reader, "max-expected-cost", out var expectedSpan);
            return new BudgetSpec(perQuery, perQuerySpan, expected, expectedSpan);
        }

        /// <summary>An optional number that must be greater than 0 (AMX0009).</summary>
        private static double? ReadPositive(ParseContext context, MappingReader reader, string key, out SourceSpan span)
        {
            span = SourceSpan.None;
            var node = reader.Optional(key);
            if (node is null)
            {
                return null;
            }

            span = context.SpanOf(node);
            return CheckPositive(context, node, reader.PathOf(key), context.Number(node, reader.PathOf(key)));
        }

        private static double? CheckPositive(ParseContext context, YamlTreeNode node, string path, double? value)
        {
            if (value is not null && !(value > 0))
            {
                context.Report(PolicyDiagnosticDescriptors.NonPositiveCost, node, path, ParseContext.Format(value.Value));
            }

            return value;
        }

        /// <summary>One of a fixed set of names (AMX0019 with a "did you mean" otherwise).</summary>
        private static T? ReadEnum<T>(ParseContext context, YamlTreeNode node, string path, string[] names, T[] values)
            where T : struct
        {
            var expected = ListOf(names);
            if (node is not YamlTreeScalar { IsNull: false } scalar)
            {
                context.WrongType(node, path, "one of " + expected);
                return null;
            }

            var index = Array.IndexOf(names, scalar.Value);
            if (index >= 0)
            {
                return values[index];
            }

            context.Report(
                PolicyDiagnosticDescriptors.UnknownEnumValue,
                node,
                scalar.Value,
                path,
                expected,
                KeySuggester.SuggestionSuffix(scalar.Value, names));
            return null;
        }

        /// <summary>"'a', 'b' or 'c'".</summary>
        private static string ListOf(IReadOnlyList<string> names)
        {
            if (names.Count == 0)
            {
                return "none";
            }

            var quoted = names.Select(n => "'" + n + "'").ToArray();
            return quoted.Length == 1
                ? quoted[0]
                : string.Join(", ", quoted, 0, quoted.Length - 1) + " or " + quoted[quoted.Length - 1];
        }

        private static bool InUnitInterval(double value) => value >= 0 && value <= 1;
    }
}
