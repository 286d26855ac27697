using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Compilation
{
    /// <summary>
    /// Renders tables as plain text for people: the CLI prints it, the generator embeds it in the generated
    /// class (so a policy change shows up in code review as a diff of this text), logs can show it.
    /// Deterministic and culture-invariant.
    /// </summary>
    public static class PolicyTableFormatter
    {
        /// <summary>One operating point: tiers, bin ranges, the decision per node and bin, and its metrics.</summary>
        public static string Format(PolicyDocument policy, OperatingPoint point)
        {
            var table = point.Table;
            var text = new StringBuilder();
            text.Append("Policy ").Append(policy.PolicyName).Append(", operating point '").Append(point.Name).Append('\'');
            if (point.Lambda is { } lambda)
            {
                text.Append(" (lambda = ").Append(Number(lambda)).Append(')');
            }

            text.Append('\n');
            AppendTiers(text, policy);
            AppendDecisions(text, table);
            AppendMetrics(text, point.Metrics, table);
            return text.ToString();
        }

        /// <summary>The λ-frontier: one line per distinct policy, most expensive first.</summary>
        public static string FormatFrontier(IReadOnlyList<FrontierPoint> frontier)
        {
            var text = new StringBuilder();
            text.Append("lambda range              performance  cost      worst case\n");
            foreach (var point in frontier)
            {
                var range = "[" + Number(point.LambdaLow) + ", " + (double.IsPositiveInfinity(point.LambdaHigh) ? "inf" : Number(point.LambdaHigh)) + ")";
                text.Append(range.PadRight(26))
                    .Append(Number(point.Metrics.ExpectedPerformance).PadRight(13))
                    .Append(Number(point.Metrics.ExpectedCost).PadRight(10))
                    .Append(Number(point.Metrics.WorstCaseCost))
                    .Append('\n');
            }

            return text.ToString();
        }

        private static void AppendTiers(StringBuilder text, PolicyDocument policy)
        {
            text.Append("Tiers:\n");
            for (var i = 0; i < policy.Tiers.Count; i++)
            {
                var tier = policy.Tiers[i];
                text.Append("  ").Append(i).Append(' ').Append(tier.Name).Append(" (").Append(tier.Model)
                    .Append(", cost ").Append(Number(tier.Cost));
                if (tier.Verifier is { } verifier)
                {
                    text.Append(", verifier ").Append(MethodName(verifier.Method)).Append(" k=").Append(verifier.Samples)
                        .Append(" cost ").Append(Number(verifier.Cost)).Append(", bins");
                    for (var bin = 0; bin < verifier.Binning.BinCount; bin++)
                    {
                        text.Append(' ').Append(bin).Append(":[").Append(Number(verifier.Binning.LowerEdge(bin))).Append(',')
                            .Append(Number(verifier.Binning.UpperEdge(bin))).Append(bin == verifier.Binning.BinCount - 1 ? "]" : ")");
                    }
                }
                else
                {
                    text.Append(", final: always accepted");
                }

                text.Append(")\n");
            }
        }

        private static void AppendDecisions(StringBuilder text, PolicyTable table)
        {
            text.Append("Decisions (row: tier reached after the bins seen; column: bin observed at that tier):\n");
            var rows = new List<(string Where, string[] Cells)>();
            var maxBins = 0;
            for (var node = 0; node < table.NodeCount; node++)
            {
                var tier = table.Tiers[table.NodeTier[node]];
                if (!tier.IsVerified)
                {
                    continue;
                }

                var history = table.HistoryOf(node);
                var where = new StringBuilder(tier.Name);
                if (history.Count > 0)
                {
                    where.Append(" after ");
                    for (var i = 0; i < history.Count; i++)
                    {
                        where.Append(i == 0 ? string.Empty : ", ").Append(table.Tiers[history[i].Tier].Name).Append('=').Append(history[i].Bin);
                    }
                }

                var cells = new string[tier.Bins];
                for (var bin = 0; bin < tier.Bins; bin++)
                {
                    var action = table.ActionAt(node, bin);
                    cells[bin] = action.IsAccept ? "accept" : "-> " + table.Tiers[action.TargetTier].Name;
                }

                maxBins = Math.Max(maxBins, cells.Length);
                rows.Add((where.ToString(), cells));
            }

            var whereWidth = 8;
            var cellWidth = 6;
            foreach (var (where, cells) in rows)
            {
                whereWidth = Math.Max(whereWidth, where.Length);
                foreach (var cell in cells)
                {
                    cellWidth = Math.Max(cellWidth, cell.Length);
                }
            }

            text.Append("  ").Append("at".PadRight(whereWidth));
            for (var bin = 0; bin < maxBins; bin++)
            {
                text.Append("  ").Append(("bin " + bin.ToString(CultureInfo.InvariantCulture)).PadRight(cellWidth));
            }

            TrimEnd(text);
            text.Append('\n');
            foreach (var (where, cells) in rows)
            {
                text.Append("  ").Append(where.PadRight(whereWidth));
                foreach (var cell in cells)
                {
                    text.Append("  ").Append(cell.PadRight(cellWidth));
                }

                TrimEnd(text);
                text.Append('\n');
            }
        }

        private static void AppendMetrics(StringBuilder text, PolicyMetrics metrics, PolicyTable table)
        {
            if (!double.IsNaN(metrics.ExpectedPerformance))
            {
                text.Append("Expected performance ").Append(Number(metrics.ExpectedPerformance))
                    .Append(", expected cost ").Append(Number(metrics.ExpectedCost)).Append('\n');
                text.Append("Reach:");
                for (var tier = 0; tier < metrics.ReachProbability.Count; tier++)
                {
                    text.Append(' ').Append(table.Tiers[tier].Name).Append(' ').Append(Percent(metrics.ReachProbability[tier]));
                }

                text.Append("; answered by:");
                for (var tier = 0; tier < metrics.AnswerShare.Count; tier++)
                {
                    text.Append(' ').Append(table.Tiers[tier].Name).Append(' ').Append(Percent(metrics.AnswerShare[tier]));
                }

                text.Append('\n');
            }

            text.Append("Worst-case cost ").Append(Number(metrics.WorstCaseCost)).Append(" (").Append(metrics.WorstCasePath).Append(")\n");
        }

        private static void TrimEnd(StringBuilder text)
        {
            while (text.Length > 0 && text[text.Length - 1] == ' ')
            {
                text.Length--;
            }
        }

        internal static string MethodName(VerifierMethod method) => method switch
        {
            VerifierMethod.SelfVerification => "self-verification",
            VerifierMethod.SelfConsistency => "self-consistency",
            _ => "logprob",
        };

        private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

        private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
