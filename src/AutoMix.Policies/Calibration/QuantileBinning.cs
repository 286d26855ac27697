using System;
using System.Collections.Generic;
using System.Linq;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Model;
using MathNet.Numerics.Statistics;

namespace AutoMix.Policies.Calibration
{
    /// <summary>
    /// Bins with edges at empirical quantiles. Continuous signals such as self-verification p_correct pile up
    /// near 1, where equal-width bins would put most rows into one bin and waste the rest.
    /// </summary>
    public static class QuantileBinning
    {
        /// <summary>
        /// Up to <paramref name="bins"/> bins whose interior edges are the i/bins quantiles of the values,
        /// rounded to 6 significant digits (so the binning survives being written to a policy's
        /// <c>observations: edges:</c> and parsed back unchanged), deduplicated and kept strictly inside (0, 1).
        /// Tied values (discrete signals, or a model that reports p = 1 for most answers) therefore yield fewer bins;
        /// a single bin means the signal is constant on these values and cannot route.
        /// </summary>
        public static ObservationBinning FromConfidences(IEnumerable<double> values, int bins)
        {
            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            if (bins < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(bins), bins, "At least one bin is needed.");
            }

            var sorted = values.Where(v => !double.IsNaN(v)).Select(v => Math.Min(1, Math.Max(0, v))).OrderBy(v => v).ToArray();
            if (sorted.Length == 0)
            {
                throw new ArgumentException("Quantile bins need at least one confidence value.", nameof(values));
            }

            var edges = new List<double>();
            for (var i = 1; i < bins; i++)
            {
                // R-7 (linear interpolation) quantile, the spreadsheet/numpy default.
                var edge = ObservationModelYamlWriter.Round6(SortedArrayStatistics.QuantileCustom(sorted, (double)i / bins, QuantileDefinition.R7));
                if (edge > 0 && edge < 1 && (edges.Count == 0 || edge > edges[edges.Count - 1]))
                {
                    edges.Add(edge);
                }
            }

            return new ObservationBinning(new EquatableArray<double>(edges.ToArray()));
        }
    }
}
