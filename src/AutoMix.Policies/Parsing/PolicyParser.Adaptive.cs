using System.Globalization;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    public static partial class PolicyParser
    {
        private static readonly string[] AdaptiveKeys = { "batch", "round-cost", "sample-cost" };

        /// <summary>
        /// A verifier's <c>adaptive</c> key: <c>true</c> (every default), <c>false</c>, or a mapping of
        /// <c>batch</c> (samples per round, default 2), <c>round-cost</c> (per round: the prompt sent again, default 0)
        /// and <c>sample-cost</c> (per sample: the verdict's output, default the verifier's cost / samples, so that
        /// drawing every sample costs what the fixed-k verifier costs). Null when not adaptive or on an error
        /// (reported; <paramref name="ok"/> is cleared).
        /// </summary>
        private static AdaptiveSampling? ReadAdaptive(
            ParseContext context,
            YamlTreeNode node,
            string path,
            VerifierMethod? method,
            int samples,
            double? verifierCost,
            ref bool ok)
        {
            if (node is YamlTreeScalar { IsPlain: true, IsNull: false } flag && (flag.Value == "true" || flag.Value == "false"))
            {
                if (flag.Value == "false")
                {
                    return null;
                }
            }
            else if (node is not YamlTreeMapping)
            {
                context.WrongType(node, path, "true, false or a mapping of batch, round-cost and sample-cost");
                ok = false;
                return null;
            }

            if (method == VerifierMethod.Logprob)
            {
                context.Report(
                    PolicyDiagnosticDescriptors.InvalidValue, node, path, "adaptive",
                    "a 'logprob' verifier reads one call's token probability and draws no samples; only 'self-verification' and 'self-consistency' can be adaptive");
                ok = false;
                return null;
            }

            var batch = System.Math.Min(AdaptiveSampling.DefaultBatch, samples);
            var roundCost = 0.0;
            double? sampleCost = verifierCost / samples;
            if (node is YamlTreeMapping mapping)
            {
                var reader = new MappingReader(context, mapping, path, AdaptiveKeys);
                var batchNode = reader.Optional("batch");
                if (batchNode is not null)
                {
                    var given = context.Integer(batchNode, reader.PathOf("batch"));
                    if (given is null)
                    {
                        ok = false;
                    }
                    else if (given < 1 || given > samples)
                    {
                        context.Report(
                            PolicyDiagnosticDescriptors.InvalidValue, batchNode, reader.PathOf("batch"), given.Value.ToString(CultureInfo.InvariantCulture),
                            "a round draws between 1 and samples (" + samples.ToString(CultureInfo.InvariantCulture) + ") samples");
                        ok = false;
                    }
                    else
                    {
                        batch = given.Value;
                    }
                }

                roundCost = ReadNonNegative(context, reader, "round-cost", roundCost, ref ok);
                sampleCost = ReadNonNegative(context, reader, "sample-cost", sampleCost ?? 0, ref ok);
            }

            if (!ok || sampleCost is null)
            {
                return null;
            }

            var points = AdaptiveSampling.CountPoints(samples, batch);
            if (points > AdaptiveSampling.MaxPoints)
            {
                context.Report(
                    PolicyDiagnosticDescriptors.InvalidValue, node, path, "batch " + batch.ToString(CultureInfo.InvariantCulture) + " of " + samples.ToString(CultureInfo.InvariantCulture) + " samples",
                    "that schedule has " + points.ToString(CultureInfo.InvariantCulture) + " decision points (one per round and count of agreeing samples), more than the "
                        + AdaptiveSampling.MaxPoints.ToString(CultureInfo.InvariantCulture) + " supported; draw larger rounds (batch) or fewer samples");
                ok = false;
                return null;
            }

            return new AdaptiveSampling(samples, batch, roundCost, sampleCost.Value);
        }

        private static double ReadNonNegative(ParseContext context, MappingReader reader, string key, double fallback, ref bool ok)
        {
            var node = reader.Optional(key);
            if (node is null)
            {
                return fallback;
            }

            var given = context.Number(node, reader.PathOf(key));
            if (given is null)
            {
                ok = false;
                return fallback;
            }

            if (given < 0)
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidValue, node, reader.PathOf(key), ParseContext.Format(given.Value), "a cost cannot be negative");
                ok = false;
                return fallback;
            }

            return given.Value;
        }
    }
}
