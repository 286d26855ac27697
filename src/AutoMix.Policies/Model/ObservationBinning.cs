using System;
using AutoMix.Policies.Collections;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// Maps a confidence in [0, 1] to a discrete observation (bin). Bins are given by their interior
    /// edges: bin b covers [edge[b-1], edge[b]), the last bin includes 1. Equal-width bins are the default.
    /// </summary>
    public sealed record ObservationBinning(EquatableArray<double> InteriorEdges)
    {
        public int BinCount => InteriorEdges.Count + 1;

        public static ObservationBinning Equal(int bins)
        {
            if (bins < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(bins), bins, "At least one bin is needed.");
            }

            var edges = new double[bins - 1];
            for (var i = 1; i < bins; i++)
            {
                edges[i - 1] = (double)i / bins;
            }

            return new ObservationBinning(new EquatableArray<double>(edges));
        }

        /// <summary>The bin of a confidence; values outside [0, 1] (and NaN) are clamped to the end bins.</summary>
        public int BinOf(double confidence)
        {
            var edges = InteriorEdges.Items;
            if (!(confidence >= 0))
            {
                return 0;
            }

            var bin = 0;
            while (bin < edges.Length && confidence >= edges[bin])
            {
                bin++;
            }

            return bin;
        }

        public double LowerEdge(int bin) => bin == 0 ? 0.0 : InteriorEdges[bin - 1];

        public double UpperEdge(int bin) => bin == InteriorEdges.Count ? 1.0 : InteriorEdges[bin];

        public double Midpoint(int bin) => (LowerEdge(bin) + UpperEdge(bin)) / 2;
    }
}
