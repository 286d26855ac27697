using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AutoMix.Policies.Model;

namespace AutoMix.Policies.Calibration
{
    /// <summary>
    /// Writes an observation model as the policy language's top-level <c>model:</c> section. Numbers are in
    /// invariant culture with 6 significant digits and never in exponent notation; probability rows and priors
    /// are renormalised after rounding (the largest entry absorbs the rounding error) so that they still sum to 1
    /// within 1e-9, far inside the validator's 1e-6 tolerance.
    /// </summary>
    public static class ObservationModelYamlWriter
    {
        public static string Write(ObservationModel model, PolicyDocument policy, string newline = "\n")
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            var verified = policy.Tiers.Where(t => t.IsVerified).Select(t => t.Name).ToList();
            var yaml = new StringBuilder();
            void Line(string text) => yaml.Append(text).Append(newline);

            Line("model:");
            if (model.Binning.Count > 0)
            {
                Line("  binning:  # interior edges chosen by calibration for tiers that leave their bins to it");
                foreach (var tier in model.Binning)
                {
                    Line("    " + tier.Tier + ": [" + string.Join(", ", tier.Binning.InteriorEdges.Select(PlainExact)) + "]");
                }
            }

            Line("  states:");
            var priors = RoundedDistribution(model.States.Select(s => s.Prior).ToArray());
            for (var s = 0; s < model.States.Count; s++)
            {
                var state = model.States[s];
                if (state.Performance.Count != policy.Tiers.Count)
                {
                    throw new ArgumentException($"State '{state.Name}' has {state.Performance.Count} performance values but the policy has {policy.Tiers.Count} tiers.", nameof(model));
                }

                Line("    - name: " + Quote(state.Name));
                Line("      prior: " + priors[s]);
                Line("      performance: [" + string.Join(", ", state.Performance.Select(Number)) + "]  # " + string.Join(", ", policy.Tiers.Select(t => t.Name)));
                Line("      observations:");
                foreach (var tier in verified)
                {
                    var row = PolicyDocument.RowFor(state, tier)
                        ?? throw new ArgumentException($"State '{state.Name}' has no observation row for verified tier '{tier}'.", nameof(model));
                    Line("        " + tier + ": [" + string.Join(", ", RoundedDistribution(row.Probabilities.ToArray())) + "]");
                }
            }

            if (model.Selection is { } selection)
            {
                Line("  selection:");
                Line("    router: " + (selection.Kind == RouterSelectionKind.Pomdp ? "pomdp" : "threshold"));
                Line("    " + (selection.Kind == RouterSelectionKind.Pomdp ? "lambda: " : "threshold: ") + PlainExact(selection.Value));
                if (selection.Method is not null)
                {
                    Line("    method: " + Quote(selection.Method));
                }
            }

            if (model.Provenance is { } provenance)
            {
                Line("  provenance:");
                if (provenance.Data is not null)
                {
                    Line("    data: " + Quote(provenance.Data));
                }

                if (provenance.Rows is { } rows)
                {
                    Line("    rows: " + rows.ToString(CultureInfo.InvariantCulture));
                }

                if (provenance.Hash is not null)
                {
                    Line("    hash: " + Quote(provenance.Hash));
                }

                if (provenance.Date is not null)
                {
                    Line("    date: " + Quote(provenance.Date));
                }

                if (provenance.Tool is not null)
                {
                    Line("    tool: " + Quote(provenance.Tool));
                }

                if (provenance.Notes is not null)
                {
                    Line("    notes: " + Quote(provenance.Notes));
                }
            }

            return yaml.ToString();
        }

        /// <summary>A number with every digit kept ("R"), without exponent notation: a chosen λ or threshold must survive a round trip exactly.</summary>
        internal static string PlainExact(double value)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOf('E') < 0 ? text : value.ToString("0.#################", CultureInfo.InvariantCulture);
        }

        /// <summary>A number rounded to 6 significant digits, without exponent notation.</summary>
        public static string Number(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite numbers can be written.");
            }

            return Plain(Round6(value));
        }

        /// <summary>
        /// Each entry rounded to 6 significant digits, except the largest, which is written as 1 minus the
        /// others (to 10 decimals) so the written row sums to 1.
        /// </summary>
        internal static string[] RoundedDistribution(double[] values)
        {
            var text = new string[values.Length];
            if (values.Length == 0)
            {
                return text;
            }

            var largest = 0;
            for (var i = 1; i < values.Length; i++)
            {
                if (values[i] > values[largest])
                {
                    largest = i;
                }
            }

            var others = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                if (i != largest)
                {
                    var rounded = Round6(values[i]);
                    others += rounded;
                    text[i] = Plain(rounded);
                }
            }

            text[largest] = Math.Round(1 - others, 10).ToString("0.##########", CultureInfo.InvariantCulture);
            return text;
        }

        /// <summary>The flow sequence of a binning's interior edges for a verifier's <c>observations: edges:</c>, e.g. "[0.25, 0.5]".</summary>
        public static string Edges(ObservationBinning binning)
        {
            if (binning is null)
            {
                throw new ArgumentNullException(nameof(binning));
            }

            return "[" + string.Join(", ", binning.InteriorEdges.Select(Number)) + "]";
        }

        internal static double Round6(double value) =>
            value == 0 ? 0 : double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

        private static string Plain(double value) => value.ToString("0.###############", CultureInfo.InvariantCulture);

        /// <summary>A double-quoted YAML scalar (escapes backslash, quote and control characters).</summary>
        internal static string Quote(string text)
        {
            var quoted = new StringBuilder(text.Length + 2).Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"': quoted.Append("\\\""); break;
                    case '\\': quoted.Append("\\\\"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\r': quoted.Append("\\r"); break;
                    case '\t': quoted.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            quoted.Append(c);
                        }

                        break;
                }
            }

            return quoted.Append('"').ToString();
        }
    }
}
