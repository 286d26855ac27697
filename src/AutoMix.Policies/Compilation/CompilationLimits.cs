using System;
using System.Collections.Generic;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Compilation
{
    /// <summary>
    /// Caps that keep the cost of compiling any accepted policy small (docs/policy-language.md, "Limits"). The
    /// table size is estimated before a threshold table is built, and the generated code's size is estimated from
    /// the solved tables before the generator writes a character, so a hostile policy costs milliseconds, not gigabytes.
    /// </summary>
    public static class CompilationLimits
    {
        /// <summary>Decision nodes per routing table.</summary>
        public const int MaxTableNodes = 10_000;

        /// <summary>
        /// Elementary steps (belief updates) of one POMDP solve. The exact expectimax visits every path of bins
        /// through the tiers; six tiers of 9 bins take about 6·10⁷ steps (well under a second), so this leaves room
        /// for that and refuses what would take seconds or more.
        /// </summary>
        public const double MaxSolverSteps = 2e8;

        /// <summary>The least work a visit is counted as, in belief updates per bin (see <see cref="EstimateSolverSteps"/>).</summary>
        public const int MinStatesPerVisit = 16;

        /// <summary>
        /// The steps of one exact POMDP solve, counted from the policy without solving: a visit at tier t updates
        /// the belief for each of its bins (decision points, when adaptive) and each state, then may route to every later tier.
        /// </summary>
        public static double EstimateSolverSteps(PolicyDocument document)
        {
            if (document is null)
            {
                throw new ArgumentNullException(nameof(document));
            }

            var tiers = document.Tiers.Count;
            // A visit also writes its decision record (tier, slots, one entry per bin), which the solver keeps for
            // the table: counting every visit as at least 16 states' work bounds that memory too (about 50 MB at the
            // limit), even for a model with very few states.
            var states = Math.Max(MinStatesPerVisit, document.Model?.States.Count ?? Math.Pow(2, Math.Min(tiers, 60)));
            var visits = new double[tiers];
            double steps = 0;
            for (var t = tiers - 1; t >= 0; t--)
            {
                // An adaptive tier decides at each point of its rounds: its points play the part of bins.
                var verifier = document.Tiers[t].Verifier;
                double bins = verifier?.Adaptive is { } sampling ? sampling.PointCount : verifier?.Binning.BinCount ?? 0;
                double later = 0;
                for (var next = t + 1; next < tiers; next++)
                {
                    later += visits[next];
                }

                visits[t] = 1 + (bins * later);
                steps += visits[t] * Math.Max(1, bins) * states;
            }

            return steps;
        }

        /// <summary>Characters of generated C# per policy (about 4 MB).</summary>
        public const long MaxGeneratedChars = 4_000_000;

        /// <summary>
        /// An upper estimate of the generated class's size: every table twice as readable text (the doc comment
        /// and <c>Describe()</c>), its arrays, and the policy's own strings a few times over. Linear in the table size.
        /// </summary>
        public static long EstimateGeneratedChars(PolicyDocument document, IEnumerable<OperatingPoint> points)
        {
            long strings = 16_384 + (document.Description?.Length ?? 0); // the class's fixed text is about 9 KB
            foreach (var tier in document.Tiers)
            {
                strings += 8 * (tier.Name.Length + tier.Model.Length + 64);
            }

            long total = strings;
            foreach (var point in points)
            {
                total += 2 * EstimateRenderedChars(point.Table) + 12L * (point.Table.NodeCount + point.Table.SlotNext.Count) + 8 * point.Name.Length;
            }

            return total;
        }

        /// <summary>The rendered decision rows: one per verified node, as wide as the longest "tier after a=1, b=2" label plus its cells.</summary>
        private static long EstimateRenderedChars(PolicyTable table)
        {
            var historyLength = new long[table.NodeCount];
            long widestLabel = 8;
            long widestCell = 6;
            long rows = 0;
            long maxBins = 0;
            foreach (var tier in table.Tiers)
            {
                widestCell = Math.Max(widestCell, tier.Name.Length + 3);
                maxBins = Math.Max(maxBins, tier.Bins);
            }

            // Breadth-first numbering: a parent always comes before its children.
            for (var node = 0; node < table.NodeCount; node++)
            {
                var tier = table.Tiers[table.NodeTier[node]];
                if (!tier.IsVerified)
                {
                    continue;
                }

                // An adaptive node renders one row per round ("... after n samples"), its cells as wide as "draw more".
                rows += tier.Sampling?.Rounds ?? 1;
                var label = tier.Name.Length + (historyLength[node] > 0 ? 7 + historyLength[node] : 0) + (tier.IsAdaptive ? 24 : 0);
                widestLabel = Math.Max(widestLabel, label);
                widestCell = Math.Max(widestCell, tier.IsAdaptive ? 10 : 0);
                for (var bin = 0; bin < table.SlotCount(node); bin++)
                {
                    var next = table.Next(node, bin);
                    if (next >= 0)
                    {
                        historyLength[next] = historyLength[node] + (historyLength[node] > 0 ? 2 : 0) + tier.Name.Length + 1 + (2 * Digits(bin)) + 1;
                    }
                }
            }

            return (rows + 2) * (4 + widestLabel + maxBins * (2 + widestCell));
        }

        private static int Digits(int value) => value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4;
    }
}
