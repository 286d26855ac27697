using System;
using System.Collections.Generic;
using System.Globalization;
using AutoMix.Policies.Model;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Parsing.Yaml;

namespace AutoMix.Policies.Parsing
{
    public static partial class PolicyParser
    {
        private static readonly string[] TierKeys = { "name", "model", "cost", "verifier" };
        private static readonly string[] VerifierKeys = { "method", "samples", "temperature", "cost", "observations", "adaptive" };
        private static readonly string[] MethodNames = { "self-verification", "self-consistency", "logprob" };

        private static readonly VerifierMethod[] MethodValues =
            { VerifierMethod.SelfVerification, VerifierMethod.SelfConsistency, VerifierMethod.Logprob };

        /// <summary>Samples of a sampled verifier when not given (the paper's k = 8).</summary>
        public const int DefaultSamples = 8;

        /// <summary>Equal bins of a logprob verifier when no binning is given.</summary>
        public const int DefaultLogprobBins = 9;

        public const double DefaultTemperature = 1.0;

        public const double MaxTemperature = 2.0;

        private static List<TierDraft>? ReadTiers(ParseContext context, YamlTreeNode node, ObservationBinning? defaultBinning)
        {
            var sequence = context.Sequence(node, "tiers");
            if (sequence is null)
            {
                return null;
            }

            var count = sequence.Items.Count;
            var tiers = new List<TierDraft>(count);
            for (var i = 0; i < count; i++)
            {
                // With fewer than two tiers the list itself is the mistake (AMX0008): no tier is "the last" then, so
                // the lone tier's verifier is not reported as a second, follow-on error.
                tiers.Add(ReadTier(context, sequence.Items[i], new TierDraft(i, count >= 2 && i == count - 1) { InShortList = count < 2 }, defaultBinning));
            }

            if (count < 2)
            {
                context.Report(PolicyDiagnosticDescriptors.TooFewTiers, sequence, Plural(count, "tier") + (count == 1 ? " is" : " are"));
            }
            else if (count > MaxTiers)
            {
                context.Report(PolicyDiagnosticDescriptors.TooManyTiers, sequence, count, MaxTiers);
            }

            var firstByName = new Dictionary<string, YamlTreeNode>(System.StringComparer.Ordinal);
            foreach (var tier in tiers)
            {
                if (tier.Name is null || tier.NameNode is null)
                {
                    continue;
                }

                if (firstByName.TryGetValue(tier.Name, out var first))
                {
                    context.Report(PolicyDiagnosticDescriptors.DuplicateTierName, tier.NameNode, tier.Name, context.DisplayLineOf(first));
                }
                else
                {
                    firstByName.Add(tier.Name, tier.NameNode);
                }
            }

            return tiers;
        }

        private static TierDraft ReadTier(ParseContext context, YamlTreeNode node, TierDraft draft, ObservationBinning? defaultBinning)
        {
            var path = ParseContext.Indexed("tiers", draft.Index);
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return draft;
            }

            var reader = new MappingReader(context, mapping, path, TierKeys);

            var nameNode = reader.Required("name");
            var name = nameNode is null ? null : context.String(nameNode, reader.PathOf("name"));
            if (name is not null)
            {
                draft.Name = name;
                draft.NameNode = nameNode;
                var problem = CSharpIdentifier.Problem(name);
                if (problem is not null)
                {
                    context.Report(PolicyDiagnosticDescriptors.InvalidTierName, nameNode!, name, problem);
                }
            }

            var modelNode = reader.Required("model");
            var model = modelNode is null ? null : context.String(modelNode, reader.PathOf("model"));
            draft.Model = model;
            if (model is not null && model.Trim().Length == 0)
            {
                context.Report(PolicyDiagnosticDescriptors.InvalidValue, modelNode!, reader.PathOf("model"), "blank", "give the model name your chat client expects");
            }

            var costNode = reader.Required("cost");
            var cost = costNode is null ? null : CheckPositive(context, costNode, reader.PathOf("cost"), context.Number(costNode, reader.PathOf("cost")));

            var label = name ?? path;
            var verifierNode = reader.Optional("verifier");
            VerifierSpec? verifier = null;
            var verifierOk = true;
            if (draft.IsLast)
            {
                if (verifierNode is not null)
                {
                    context.Report(PolicyDiagnosticDescriptors.VerifierOnLastTier, reader.KeyNode("verifier")!, label);
                }
            }
            else if (verifierNode is null)
            {
                // A lone tier (AMX0008) is not asked for a verifier: the tier list is the mistake. Nor is a tier whose
                // 'verifier' key is misspelt: AMX0002 already says so.
                if (!draft.InShortList && !reader.IsMisspelt("verifier"))
                {
                    context.Report(PolicyDiagnosticDescriptors.MissingVerifier, mapping, label);
                }

                verifierOk = false;
            }
            else
            {
                verifier = ReadVerifier(context, verifierNode, reader.PathOf("verifier"), cost, defaultBinning, out var binCount, out var binSource);
                draft.BinCount = binCount;
                draft.BinSource = binSource;
                draft.IsAdaptive = verifier?.Adaptive is not null;
                verifierOk = verifier is not null;
            }

            if (name is not null && model is not null && cost is not null && verifierOk)
            {
                draft.Spec = new TierSpec(name, model, cost.Value, verifier, context.SpanOf(node));
            }

            return draft;
        }

        private static VerifierSpec? ReadVerifier(
            ParseContext context,
            YamlTreeNode node,
            string path,
            double? tierCost,
            ObservationBinning? defaultBinning,
            out int? binCount,
            out string? binSource)
        {
            binCount = null;
            binSource = null;
            var errorsBefore = context.Diagnostics.Count;
            var mapping = context.Mapping(node, path);
            if (mapping is null)
            {
                return null;
            }

            var reader = new MappingReader(context, mapping, path, VerifierKeys);
            var ok = true;

            var methodNode = reader.Required("method");
            var method = methodNode is null ? null : ReadEnum(context, methodNode, reader.PathOf("method"), MethodNames, MethodValues);
            ok &= method is not null;
            var isLogprob = method == VerifierMethod.Logprob;

            var samples = isLogprob ? 1 : DefaultSamples;
            var samplesNode = reader.Optional("samples");
            if (samplesNode is not null)
            {
                var given = context.Integer(samplesNode, reader.PathOf("samples"));
                string? problem = null;
                if (given is null)
                {
                    ok = false;
                }
                else if (isLogprob && given != 1)
                {
                    problem = "a 'logprob' verifier reads one call's token probability, so samples must be 1";
                }
                else if (given < 1)
                {
                    problem = "at least 1 sample is needed";
                }
                else if (given > MaxSamples)
                {
                    problem = "at most " + MaxSamples.ToString(CultureInfo.InvariantCulture) + " samples are supported";
                }
                else
                {
                    samples = given.Value;
                }

                if (problem is not null)
                {
                    context.Report(PolicyDiagnosticDescriptors.InvalidValue, samplesNode, reader.PathOf("samples"), given!.Value.ToString(CultureInfo.InvariantCulture), problem);
                    ok = false;
                }
            }

            var temperature = DefaultTemperature;
            var temperatureNode = reader.Optional("temperature");
            if (temperatureNode is not null)
            {
                var given = context.Number(temperatureNode, reader.PathOf("temperature"));
                if (given is null)
                {
                    ok = false;
                }
                else if (!(given >= 0 && given <= MaxTemperature))
                {
                    context.Report(PolicyDiagnosticDescriptors.InvalidValue, temperatureNode, reader.PathOf("temperature"), ParseContext.Format(given.Value), "sampling temperatures lie between 0 and 2");
                    ok = false;
                }
                else
                {
                    temperature = given.Value;
                }
            }

            // The paper charges a verification as much as the tier's own answer.
            var cost = tierCost;
            var costNode = reader.Optional("cost");
            if (costNode is not null)
            {
                cost = CheckPositive(context, costNode, reader.PathOf("cost"), context.Number(costNode, reader.PathOf("cost")));
                ok &= cost > 0;
            }

            AdaptiveSampling? adaptive = null;
            var adaptiveNode = reader.Optional("adaptive");
            if (adaptiveNode is not null)
            {
                adaptive = ReadAdaptive(context, adaptiveNode, reader.PathOf("adaptive"), method, samples, cost, ref ok);
            }

            ObservationBinning? binning = null;
            var observationsNode = reader.Optional("observations");
            if (observationsNode is not null && adaptive is not null)
            {
                context.Report(
                    PolicyDiagnosticDescriptors.InvalidValue, observationsNode, reader.PathOf("observations"), "observations",
                    "an adaptive verifier decides on the count of agreeing samples after each round, so it has one bin per count (samples + 1); remove 'observations'");
                return null;
            }

            if (observationsNode is not null)
            {
                binning = ReadBinning(context, observationsNode, reader.PathOf("observations"));
                if (binning is null)
                {
                    return null;
                }
            }

            if (binning is null && (defaultBinning is null || adaptive is not null) && !isLogprob && samples + 1 > MaxBins)
            {
                // The default binning has one bin per possible count of "correct" verdicts: samples + 1.
                context.Report(
                    PolicyDiagnosticDescriptors.InvalidValue,
                    samplesNode!,
                    reader.PathOf("samples"),
                    samples.ToString(CultureInfo.InvariantCulture),
                    "the default binning would have samples + 1 = " + (samples + 1).ToString(CultureInfo.InvariantCulture)
                        + " bins, more than the " + MaxBins.ToString(CultureInfo.InvariantCulture) + " supported; give fewer samples or 'observations: { bins: … }'");
                return null;
            }

            if (adaptive is not null)
            {
                // The count of agreeing samples after all k is what the model's rows describe; the table's decision
                // points after earlier rounds follow from it (see AdaptiveSampling).
                binning = ObservationBinning.Equal(samples + 1);
                binSource = (samples + 1).ToString(CultureInfo.InvariantCulture) + " = samples + 1, one per count of agreeing samples (adaptive)"
                    + (samplesNode is null ? ", with samples at its default of " + DefaultSamples.ToString(CultureInfo.InvariantCulture) : string.Empty);
            }
            else if (binning is not null)
            {
                binSource = "from its verifier's observations";
            }
            else if (defaultBinning is not null)
            {
                binning = defaultBinning;
                binSource = "from the policy's top-level observations";
            }
            else if (isLogprob)
            {
                binning = ObservationBinning.Equal(DefaultLogprobBins);
                binSource = "the default of a logprob verifier";
            }
            else
            {
                binning = ObservationBinning.Equal(samples + 1);
                binSource = (samples + 1).ToString(CultureInfo.InvariantCulture) + " = samples + 1"
                    + (samplesNode is null ? ", with samples at its default of " + DefaultSamples.ToString(CultureInfo.InvariantCulture) : string.Empty);
            }

            // Bins derived from samples the user got wrong (a bad value, or a misspelt key that left the default)
            // are not what they meant: checking the model's rows against them would only add follow-on errors.
            var derivedFromSamples = binSource.IndexOf("samples + 1", StringComparison.Ordinal) >= 0;
            binCount = derivedFromSamples && context.Diagnostics.Count > errorsBefore ? null : binning.BinCount;

            return ok && method is not null && cost is not null
                ? new VerifierSpec(method.Value, samples, temperature, cost.Value, binning, context.SpanOf(node)) { Adaptive = adaptive }
                : null;
        }
    }
}
