using System.Collections.Generic;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    public static partial class PolicyParser
    {
        private static readonly string[] RouterKeys = { "kind", "objective", "operating-points", "threshold", "double-threshold" };
        private static readonly string[] RouterKindNames = { "threshold", "pomdp" };
        private static readonly RouterKind[] RouterKindValues = { RouterKind.Threshold, RouterKind.Pomdp };
        private static readonly string[] PomdpOnlyKeys = { "objective", "operating-points" };
        private static readonly string[] ThresholdOnlyKeys = { "threshold", "double-threshold" };
        private static readonly string[] BandKeys = { "low", "high" };
        private static readonly string[] ObjectiveKeys = { "lambda", "max-expected-cost" };
        private static readonly string[] OperatingPointKeys = { "name", "objective" };
        private const string MaxIbcName = "max-ibc";

        private static RouterSpec? ReadRouter(ParseContext context, YamlTreeNode node, out YamlTreeNode? kindNode)
        {
            kindNode = null;
            var mapping = context.Mapping(node, "router");
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, "router", RouterKeys);
            kindNode = reader.Required("kind");
            var kind = kindNode is null ? null : ReadEnum(context, kindNode, "router.kind", RouterKindNames, RouterKindValues);
            if (kind is null)
            {
                return null;
            }

            var errorsBefore = context.Diagnostics.Count;
            var objective = ObjectiveSpec.MaxIbc;
            var operatingPoints = EquatableArray<OperatingPointSpec>.Empty;
            var threshold = 0.0;
            ThresholdBand? band = null;

            if (kind == RouterKind.Pomdp)
            {
                ReportMisplacedKeys(context, reader, ThresholdOnlyKeys, "only 'threshold' routers use it; a 'pomdp' router derives its decisions from the model");
                var objectiveNode = reader.Optional("objective");
                if (objectiveNode is not null)
                {
                    objective = ReadObjective(context, objectiveNode, "router.objective") ?? objective;
                }

                var pointsNode = reader.Optional("operating-points");
                if (pointsNode is not null)
                {
                    operatingPoints = ReadOperatingPoints(context, pointsNode);
                }
            }
            else
            {
                ReportMisplacedKeys(context, reader, PomdpOnlyKeys, "only 'pomdp' routers use it");
                var thresholdNode = reader.Optional("threshold");
                var bandNode = reader.Optional("double-threshold");
                if (thresholdNode is not null && bandNode is not null)
                {
                    context.Report(
                        PolicyDiagnosticDescriptors.InvalidValue,
                        reader.KeyNode("double-threshold")!,
                        "router.double-threshold",
                        "given together with 'threshold'",
                        "give exactly one of 'threshold' and 'double-threshold'");
                }
                else if (thresholdNode is not null)
                {
                    var value = context.Number(thresholdNode, "router.threshold");
                    if (value is not null && !InUnitInterval(value.Value))
                    {
                        context.Report(PolicyDiagnosticDescriptors.ThresholdOutOfRange, thresholdNode, "router.threshold", ParseContext.Format(value.Value));
                    }

                    threshold = value ?? 0;
                }
                else if (bandNode is not null)
                {
                    band = ReadBand(context, bandNode);

                    // Consumers that ignore the band still see its upper edge as the acceptance threshold.
                    threshold = band?.High ?? 0;
                }
                else
                {
                    context.Report(PolicyDiagnosticDescriptors.MissingKey, mapping, "threshold' or 'double-threshold", "router");
                }
            }

            return context.Diagnostics.Count == errorsBefore
                ? new RouterSpec(kind.Value, threshold, band, objective, operatingPoints, context.SpanOf(node))
                : null;
        }

        private static void ReportMisplacedKeys(ParseContext context, MappingReader reader, string[] keys, string reason)
        {
            foreach (var key in keys)
            {
                var keyNode = reader.KeyNode(key);
                if (keyNode is not null)
                {
                    context.Report(PolicyDiagnosticDescriptors.InvalidValue, keyNode, reader.PathOf(key), "set", reason);
                }
            }
        }

        private static ThresholdBand? ReadBand(ParseContext context, YamlTreeNode node)
        {
            const string path = "router.double-threshold";
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, BandKeys);
            var low = ReadThresholdValue(context, reader, "low");
            var high = ReadThresholdValue(context, reader, "high");
            if (low is null || high is null)
            {
                return null;
            }

            if (low > high)
            {
                context.Report(
                    PolicyDiagnosticDescriptors.InvalidValue,
                    mapping,
                    path,
                    "{ low: " + ParseContext.Format(low.Value) + ", high: " + ParseContext.Format(high.Value) + " }",
                    "low must not be above high");
                return null;
            }

            return new ThresholdBand(low.Value, high.Value);
        }

        private static double? ReadThresholdValue(ParseContext context, MappingReader reader, string key)
        {
            var node = reader.Required(key);
            if (node is null)
            {
                return null;
            }

            var value = context.Number(node, reader.PathOf(key));
            if (value is not null && !InUnitInterval(value.Value))
            {
                context.Report(PolicyDiagnosticDescriptors.ThresholdOutOfRange, node, reader.PathOf(key), ParseContext.Format(value.Value));
                return null;
            }

            return value;
        }

        /// <summary><c>max-ibc</c>, <c>{ lambda: λ }</c> (λ ≥ 0) or <c>{ max-expected-cost: c }</c> (c &gt; 0).</summary>
        private static ObjectiveSpec? ReadObjective(ParseContext context, YamlTreeNode node, string path)
        {
            const string expected = "'max-ibc', '{ lambda: <number ≥ 0> }' or '{ max-expected-cost: <number > 0> }'";
            if (node is YamlTreeScalar { IsNull: false } scalar)
            {
                if (scalar.Value == MaxIbcName)
                {
                    return ObjectiveSpec.MaxIbc;
                }

                context.Report(
                    PolicyDiagnosticDescriptors.UnknownEnumValue,
                    node,
                    scalar.Value,
                    path,
                    expected,
                    KeySuggester.SuggestionSuffix(scalar.Value, new[] { MaxIbcName }));
                return null;
            }

            if (node is not YamlTreeMapping mapping)
            {
                context.WrongType(node, path, expected);
                return null;
            }

            var reader = new MappingReader(context, mapping, path, ObjectiveKeys);
            var lambdaNode = reader.Optional("lambda");
            var costNode = reader.Optional("max-expected-cost");
            if (reader.BothGiven("lambda", "max-expected-cost", "an objective is one of them; add an operating point for the other"))
            {
                return null;
            }

            if (lambdaNode is not null)
            {
                var lambda = context.Number(lambdaNode, reader.PathOf("lambda"));
                if (lambda is null)
                {
                    return null;
                }

                if (lambda < 0)
                {
                    context.Report(
                        PolicyDiagnosticDescriptors.InvalidValue,
                        lambdaNode,
                        reader.PathOf("lambda"),
                        ParseContext.Format(lambda.Value),
                        "lambda is the performance one unit of cost is worth and must be at least 0");
                    return null;
                }

                return ObjectiveSpec.ForLambda(lambda.Value);
            }

            if (costNode is not null)
            {
                var limit = CheckPositive(context, costNode, reader.PathOf("max-expected-cost"), context.Number(costNode, reader.PathOf("max-expected-cost")));
                return limit > 0 ? ObjectiveSpec.ForMaxExpectedCost(limit.Value) : null;
            }

            context.Report(PolicyDiagnosticDescriptors.MissingKey, mapping, "lambda' or 'max-expected-cost", path);
            return null;
        }

        private static EquatableArray<OperatingPointSpec> ReadOperatingPoints(ParseContext context, YamlTreeNode node)
        {
            const string path = "router.operating-points";
            var sequence = context.Sequence(node, path);
            if (sequence is null)
            {
                return EquatableArray<OperatingPointSpec>.Empty;
            }

            var points = new List<OperatingPointSpec>();
            var firstByName = new Dictionary<string, YamlTreeNode>(System.StringComparer.Ordinal);
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var item = sequence.Items[i];
                var itemPath = ParseContext.Indexed(path, i);
                var mapping = context.Mapping(item, itemPath);
                if (mapping is null)
                {
                    continue;
                }

                var reader = new MappingReader(context, mapping, itemPath, OperatingPointKeys);
                var nameNode = reader.Required("name");
                var name = nameNode is null ? null : context.String(nameNode, reader.PathOf("name"));
                if (name is not null)
                {
                    var problem = CSharpIdentifier.Problem(name);
                    if (problem is not null)
                    {
                        context.Report(PolicyDiagnosticDescriptors.InvalidIdentifier, nameNode!, reader.PathOf("name"), name, "identifier: " + problem);
                    }

                    if (firstByName.TryGetValue(name, out var first))
                    {
                        context.Report(PolicyDiagnosticDescriptors.DuplicateName, nameNode!, "Operating point", name, context.DisplayLineOf(first));
                    }
                    else
                    {
                        firstByName.Add(name, nameNode!);
                    }
                }

                var objectiveNode = reader.Required("objective");
                var objective = objectiveNode is null ? null : ReadObjective(context, objectiveNode, reader.PathOf("objective"));
                if (name is not null && objective is not null)
                {
                    points.Add(new OperatingPointSpec(name, objective, context.SpanOf(item)));
                }
            }

            return new EquatableArray<OperatingPointSpec>(points);
        }
    }
}
