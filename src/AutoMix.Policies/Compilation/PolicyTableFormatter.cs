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
        /// <summary>The row text of a node that keeps its tier's answer without calling the verifier.</summary>
        public const string AcceptUnverified = "accept without verifying (verifier not called)";

        /// <summary>Printed under a table where a higher bin routes on although a lower bin of the same row accepts.</summary>
        public const string NonMonotoneNote =
            "Note: a table need not be monotone: a higher bin may route on where a lower one accepts, because each cell is the best action for what the bins seen so far say about the query (a low bin can mean no tier would answer it right), not one confidence threshold.";

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
            AppendStart(text, table);
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
                if (tier.Verifier is { Adaptive: { } sampling } adaptive)
                {
                    text.Append(", verifier ").Append(MethodName(adaptive.Method)).Append(" k=").Append(adaptive.Samples)
                        .Append(" adaptive: rounds of ").Append(sampling.Batch).Append(", cost ").Append(Number(sampling.RoundCost))
                        .Append(" per round + ").Append(Number(sampling.SampleCost)).Append(" per sample");
                }
                else if (tier.Verifier is { } verifier)
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

        private static void AppendStart(StringBuilder text, PolicyTable table)
        {
            var start = table.StartTier;
            text.Append("Starts at ").Append(table.Tiers[start].Name);
            if (start > 0)
            {
                text.Append(" (never calls ");
                for (var tier = 0; tier < start; tier++)
                {
                    text.Append(tier == 0 ? string.Empty : ", ").Append(table.Tiers[tier].Name);
                }

                text.Append(": not worth calling under this model)");
            }

            text.Append('\n');
        }

        private static void AppendDecisions(StringBuilder text, PolicyTable table)
        {
            var anyAdaptive = false;
            foreach (var tier in table.Tiers)
            {
                anyAdaptive |= tier.IsAdaptive;
            }

            text.Append(anyAdaptive
                ? "Decisions (row: tier reached after the bins seen; column: bin observed at that tier; for an adaptive tier one row per round, column: samples agreeing so far, '.' unreachable):\n"
                : "Decisions (row: tier reached after the bins seen; column: bin observed at that tier):\n");
            var rows = new List<(string Where, string[]? Cells)>();
            var maxBins = 0;
            var monotone = true;
            var parents = table.ParentSlots(); // once, so the rendering stays linear in the table size
            for (var node = 0; node < table.NodeCount; node++)
            {
                var tier = table.Tiers[table.NodeTier[node]];
                if (!tier.IsVerified)
                {
                    continue;
                }

                var where = Where(table, node, parents);
                if (!table.Verifies(node))
                {
                    // No bins to show: the answer is kept as it is and the verifier is never called.
                    rows.Add((where, null));
                    continue;
                }

                if (tier.Sampling is { } sampling)
                {
                    AddRoundRows(table, node, sampling, where, rows, ref maxBins);
                    continue;
                }

                var cells = new string[tier.Bins];
                var accepted = false;
                for (var bin = 0; bin < tier.Bins; bin++)
                {
                    var action = table.ActionAt(node, bin);
                    cells[bin] = action.IsAccept ? "accept" : "-> " + table.Tiers[action.TargetTier].Name;
                    accepted |= action.IsAccept;
                    monotone &= action.IsAccept || !accepted;
                }

                maxBins = Math.Max(maxBins, cells.Length);
                rows.Add((where, cells));
            }

            var whereWidth = 8;
            var cellWidth = 6;
            foreach (var (where, cells) in rows)
            {
                whereWidth = Math.Max(whereWidth, where.Length);
                foreach (var cell in cells ?? Array.Empty<string>())
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
                if (cells is null)
                {
                    text.Append("  ").Append(AcceptUnverified);
                }
                else
                {
                    foreach (var cell in cells)
                    {
                        text.Append("  ").Append(cell.PadRight(cellWidth));
                    }
                }

                TrimEnd(text);
                text.Append('\n');
            }

            if (!monotone)
            {
                text.Append(NonMonotoneNote).Append('\n');
            }
        }

        /// <summary>An adaptive node: one row per round, a cell per count of agreeing samples so far.</summary>
        private static void AddRoundRows(PolicyTable table, int node, AdaptiveSampling sampling, string where, List<(string Where, string[]? Cells)> rows, ref int maxBins)
        {
            var reachable = table.ReachablePoints(node);
            for (var round = 0; round < sampling.Rounds; round++)
            {
                var samples = sampling.SamplesAfter(round);
                var cells = new string[samples + 1];
                var first = sampling.FirstPoint(round);
                for (var j = 0; j <= samples; j++)
                {
                    var action = table.ActionAt(node, first + j);
                    cells[j] = !reachable[first + j] ? "."
                        : action.IsAccept ? "accept"
                        : action.IsContinue ? "draw " + sampling.DrawnIn(round + 1).ToString(CultureInfo.InvariantCulture) + " more"
                        : "-> " + table.Tiers[action.TargetTier].Name;
                }

                maxBins = Math.Max(maxBins, cells.Length);
                rows.Add((where + " after " + samples.ToString(CultureInfo.InvariantCulture) + (samples == 1 ? " sample" : " samples"), cells));
            }
        }

        /// <summary>Where a node is: its tier, and the bins seen on the way ("medium after small=2"; "small=3/4": 3 of 4 samples agreed).</summary>
        private static string Where(PolicyTable table, int node, (int Parent, int Bin)[] parents)
        {
            var history = table.HistoryOf(node, parents);
            var where = new StringBuilder(table.Tiers[table.NodeTier[node]].Name);
            for (var i = 0; i < history.Count; i++)
            {
                var seen = table.Tiers[history[i].Tier];
                where.Append(i == 0 ? " after " : ", ").Append(seen.Name).Append('=');
                if (seen.Sampling is { } sampling)
                {
                    var (round, correct) = sampling.PointAt(history[i].Bin);
                    where.Append(correct).Append('/').Append(sampling.SamplesAfter(round));
                }
                else
                {
                    where.Append(history[i].Bin);
                }
            }

            return where.ToString();
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
