using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Data;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace AutoMix.Policies.Calibration
{
    /// <summary>
    /// Estimates a policy's POMDP observation model from recorded runs (AutoMix §4.2). Hidden state = the
    /// discretised performance vector over the tiers; each row of data falls in exactly one state. A state's
    /// prior is its share of rows, its performance per tier the mean real score of its rows, and its observation
    /// row per verified tier the smoothed distribution of that tier's confidence bin over its rows.
    /// </summary>
    public static class ObservationModelCalibrator
    {
        public static CalibrationResult Calibrate(
            PolicyDocument policy,
            IReadOnlyList<RecordedQuery> rows,
            IReadOnlyDictionary<string, string> tierToModel,
            CalibrationOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            if (rows is null)
            {
                throw new ArgumentNullException(nameof(rows));
            }

            options ??= CalibrationOptions.Default;
            options.Validate();
            var models = TierModels.Resolve(policy, rows, tierToModel);
            var tierCount = policy.Tiers.Count;

            // Group the usable rows by their discretised performance vector.
            var groups = new SortedDictionary<string, StateRows>(StringComparer.Ordinal);
            var used = 0;
            var skipped = 0;
            foreach (var query in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TierModels.TryGetRuns(query, models, out var runs))
                {
                    skipped++;
                    continue;
                }

                used++;
                var levels = new int[tierCount];
                for (var t = 0; t < tierCount; t++)
                {
                    levels[t] = (int)Math.Round(runs[t].Score * (options.ScoreLevels - 1), MidpointRounding.AwayFromZero);
                }

                // Sort key: higher levels first on earlier tiers, so "all right" states come first.
                var key = string.Concat(levels.Select(l => (char)('z' - l)));
                if (!groups.TryGetValue(key, out var group))
                {
                    group = new StateRows(levels);
                    groups.Add(key, group);
                }

                group.Runs.Add(runs);
            }

            if (used == 0)
            {
                throw new InvalidOperationException(
                    $"None of the {rows.Count} rows has a run for every mapped model ({string.Join(", ", models)}); nothing to calibrate from.");
            }

            // Logistic smoothing: per verified tier, every usable row's P(state | confidence), states in group order.
            var groupList = groups.Values.ToList();
            var logistic = options.Smoothing == ObservationSmoothing.Logistic ? LogisticMasses(policy, groupList, options) : null;
            var states = new List<HiddenState>();
            var counts = new List<StateCount>();
            for (var g = 0; g < groupList.Count; g++)
            {
                var group = groupList[g];
                var name = StateName(policy, group.Levels, options.ScoreLevels);
                var performance = new double[tierCount];
                for (var t = 0; t < tierCount; t++)
                {
                    performance[t] = group.Runs.Average(r => r[t].Score);
                }

                var observations = new List<ObservationRow>();
                for (var t = 0; t < tierCount; t++)
                {
                    if (policy.Tiers[t].Verifier is not { } verifier)
                    {
                        continue;
                    }

                    var confidences = group.Runs.Select(r => RecordedConfidence.Of(r[t])).ToArray();
                    var process = ObservationProcess.For(verifier);
                    var probabilities = options.Smoothing switch
                    {
                        ObservationSmoothing.Laplace => Laplace(confidences, process, options.Alpha),
                        ObservationSmoothing.Logistic => Floored(logistic![t][g], options.KernelFloor),
                        _ => KernelDensity(confidences, process, options),
                    };
                    observations.Add(new ObservationRow(policy.Tiers[t].Name, new EquatableArray<double>(probabilities)));
                }

                states.Add(new HiddenState(name, (double)group.Runs.Count / used, new EquatableArray<double>(performance), new EquatableArray<ObservationRow>(observations.ToArray()), SourceSpan.None));
                counts.Add(new StateCount(name, group.Runs.Count));
            }

            var signals = new List<ConfidenceSummary>();
            var usedRows = groups.Values.SelectMany(g => g.Runs).ToList();
            for (var t = 0; t < tierCount; t++)
            {
                if (policy.Tiers[t].IsVerified)
                {
                    var runs = usedRows.Select(r => r[t]).ToList();
                    signals.Add(new ConfidenceSummary(models[t], runs.Count, runs.Count(r => !RecordedConfidence.HasUsableSignal(r)), runs.Count(r => RecordedConfidence.Of(r) == 0)));
                }
            }

            var provenance = new Provenance(
                options.DataName,
                used,
                options.DataHash is null ? null : "sha256:" + options.DataHash,
                options.Date ?? DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                options.Tool,
                options.Notes ?? Describe(options, models, policy));
            var model = new ObservationModel(new EquatableArray<HiddenState>(states.ToArray()), provenance, SourceSpan.None);
            return new CalibrationResult(model, new CalibrationReport(used, skipped, signals, counts));
        }

        /// <summary>
        /// (expected count + alpha) / (n + alpha·bins) per bin, where a row's expected count in a bin is the
        /// probability that the runtime observes that bin for the row's confidence (1 in its own bin for logprob,
        /// the Binomial(k, c) share for sampled verifiers).
        /// </summary>
        internal static double[] Laplace(IReadOnlyList<double> confidences, ObservationProcess process, double alpha)
        {
            var counts = new double[process.BinCount];
            foreach (var confidence in confidences)
            {
                process.AddBinDistribution(confidence, 1, counts);
            }

            var total = confidences.Count + (alpha * counts.Length);
            for (var b = 0; b < counts.Length; b++)
            {
                counts[b] = (counts[b] + alpha) / total;
            }

            return counts;
        }

        /// <summary>
        /// A Gaussian kernel density of the confidences integrated over each bin with Normal.CDF. Confidences
        /// live in [0, 1], so kernel mass spilling past 0 or 1 is REFLECTED back (a mirror kernel at −c and at
        /// 2 − c) rather than lost; what the mirrors themselves spill (only for very wide kernels) is removed by
        /// renormalising. Finally a uniform floor is mixed in so that no bin has probability 0.
        /// </summary>
        internal static double[] KernelDensity(IReadOnlyList<double> confidences, ObservationProcess process, CalibrationOptions options)
        {
            var binning = process.Verifier.Binning;
            var bins = binning.BinCount;
            var mass = new double[bins];
            var bandwidth = options.Bandwidth ?? SilvermanBandwidth(confidences, options.MinimumBandwidth);
            if (process.IsSampled)
            {
                // The runtime observes a Binomial(k, c) share, so the smoothed density of c is pushed through the
                // same sampling: integrate it over a fine grid of c and add each cell's Binomial bin distribution.
                const int Cells = 200;
                var density = new double[Cells];
                foreach (var c in confidences)
                {
                    var centre = Math.Min(1, Math.Max(0, c));
                    foreach (var kernel in new[] { centre, -centre, 2 - centre })
                    {
                        for (var g = 0; g < Cells; g++)
                        {
                            density[g] += Normal.CDF(kernel, bandwidth, (g + 1.0) / Cells) - Normal.CDF(kernel, bandwidth, (double)g / Cells);
                        }
                    }
                }

                for (var g = 0; g < Cells; g++)
                {
                    if (density[g] > 0)
                    {
                        process.AddBinDistribution((g + 0.5) / Cells, density[g], mass);
                    }
                }

                return Floored(mass, options.KernelFloor);
            }

            foreach (var c in confidences)
            {
                var centre = Math.Min(1, Math.Max(0, c));
                foreach (var kernel in new[] { centre, -centre, 2 - centre })
                {
                    for (var b = 0; b < bins; b++)
                    {
                        mass[b] += Normal.CDF(kernel, bandwidth, binning.UpperEdge(b)) - Normal.CDF(kernel, bandwidth, binning.LowerEdge(b));
                    }
                }
            }

            return Floored(mass, options.KernelFloor);
        }

        /// <summary>
        /// [tier][state][bin] unnormalised observation mass under the logistic state model: every row of every
        /// state adds P(state | its confidence) times the distribution of the bin the runtime observes for it.
        /// Empty for unverified tiers.
        /// </summary>
        private static double[][][] LogisticMasses(PolicyDocument policy, IReadOnlyList<StateRows> groups, CalibrationOptions options)
        {
            var rows = new List<RecordedRun[]>();
            var stateOfRow = new List<int>();
            for (var g = 0; g < groups.Count; g++)
            {
                foreach (var runs in groups[g].Runs)
                {
                    rows.Add(runs);
                    stateOfRow.Add(g);
                }
            }

            var result = new double[policy.Tiers.Count][][];
            for (var t = 0; t < policy.Tiers.Count; t++)
            {
                result[t] = Array.Empty<double[]>();
                if (policy.Tiers[t].Verifier is not { } verifier)
                {
                    continue;
                }

                var process = ObservationProcess.For(verifier);
                var confidences = rows.Select(r => RecordedConfidence.Of(r[t])).ToArray();
                var posterior = LogisticStateModel.Fit(confidences, stateOfRow, groups.Count, options.Ridge);
                var masses = new double[groups.Count][];
                for (var g = 0; g < groups.Count; g++)
                {
                    masses[g] = new double[process.BinCount];
                }

                for (var i = 0; i < rows.Count; i++)
                {
                    for (var g = 0; g < groups.Count; g++)
                    {
                        process.AddBinDistribution(confidences[i], posterior[i][g], masses[g]);
                    }
                }

                result[t] = masses;
            }

            return result;
        }

        /// <summary>Normalises a bin mass and mixes in a uniform floor so that no bin has probability 0.</summary>
        private static double[] Floored(double[] mass, double floor)
        {
            var bins = mass.Length;
            var total = mass.Sum();
            for (var b = 0; b < bins; b++)
            {
                var density = total > 0 ? mass[b] / total : 1.0 / bins;
                mass[b] = ((1 - floor) * density) + (floor / bins);
            }

            return mass;
        }

        private static double SilvermanBandwidth(IReadOnlyList<double> values, double minimum)
        {
            if (values.Count < 2)
            {
                return Math.Max(minimum, 0.1);
            }

            var deviation = values.StandardDeviation();
            var bandwidth = 1.06 * deviation * Math.Pow(values.Count, -0.2);
            return double.IsNaN(bandwidth) ? minimum : Math.Max(minimum, bandwidth);
        }

        /// <summary>"small=1,large=0" (binary) or "small=0.5,large=1" (more levels).</summary>
        private static string StateName(PolicyDocument policy, int[] levels, int scoreLevels)
        {
            var parts = new string[levels.Length];
            for (var t = 0; t < levels.Length; t++)
            {
                var value = (double)levels[t] / (scoreLevels - 1);
                parts[t] = policy.Tiers[t].Name + "=" + value.ToString("0.###", CultureInfo.InvariantCulture);
            }

            return string.Join(",", parts);
        }

        private static string Describe(CalibrationOptions options, IReadOnlyList<string> models, PolicyDocument policy)
        {
            var smoothing = options.Smoothing == ObservationSmoothing.Laplace
                ? "Laplace alpha " + options.Alpha.ToString("0.###", CultureInfo.InvariantCulture)
                : options.Smoothing == ObservationSmoothing.Logistic
                ? "logistic P(state | logit confidence), ridge " + options.Ridge.ToString("0.###", CultureInfo.InvariantCulture) + ", floor " + options.KernelFloor.ToString("0.####", CultureInfo.InvariantCulture)
                : "Gaussian KDE, bandwidth " + (options.Bandwidth?.ToString("0.####", CultureInfo.InvariantCulture) ?? "Silverman")
                  + ", floor " + options.KernelFloor.ToString("0.####", CultureInfo.InvariantCulture);
            var mapping = string.Join(", ", policy.Tiers.Select((t, i) => t.Name + "=" + models[i]));
            return $"{options.ScoreLevels} score levels; {smoothing}; tiers {mapping}";
        }

        private sealed class StateRows
        {
            public StateRows(int[] levels) => Levels = levels;

            public int[] Levels { get; }

            public List<RecordedRun[]> Runs { get; } = new List<RecordedRun[]>();
        }
    }
}
