using System;
using System.Collections.Generic;
using AutoMix.Policies.Model;
using MathNet.Numerics;

namespace AutoMix.Policies.Observation
{
    /// <summary>
    /// What an adaptive verifier observes at its decision points (<see cref="AdaptiveSampling"/>): after round r,
    /// j of the n_r samples drawn so far agree. Samples are exchangeable given the query (each agrees with the same
    /// probability c), so everything follows from the distribution of the count J_k after all k samples:
    /// <list type="bullet">
    /// <item>P(J_n = j) after fewer samples is its hypergeometric thinning: Σ_J P(J_k = J)·C(J, j)·C(k−J, n−j)/C(k, n);</item>
    /// <item>of the C(n', j') verdict sequences that reach (n', j'), the share passing through (n, j) on the way is
    /// C(n, j)·C(n'−n, j'−j)/C(n', j') (<see cref="ThroughShares"/>), which is how a stopping rule's mass flows
    /// from one round's points to the next.</item>
    /// </list>
    /// </summary>
    public static class AdaptiveObservation
    {
        /// <summary>P(j of n_r agree) at every decision point, from the distribution of the count after all k samples (k + 1 entries).</summary>
        public static double[] CountProbabilities(AdaptiveSampling sampling, IReadOnlyList<double> finalCounts)
        {
            if (sampling is null)
            {
                throw new ArgumentNullException(nameof(sampling));
            }

            if (finalCounts is null || finalCounts.Count != sampling.Samples + 1)
            {
                throw new ArgumentException($"An adaptive verifier of {sampling.Samples} samples needs {sampling.Samples + 1} count probabilities.", nameof(finalCounts));
            }

            var k = sampling.Samples;
            var result = new double[sampling.PointCount];
            var point = 0;
            for (var round = 0; round < sampling.Rounds; round++)
            {
                var n = sampling.SamplesAfter(round);
                var lnAll = SpecialFunctions.BinomialLn(k, n);
                for (var j = 0; j <= n; j++, point++)
                {
                    var p = 0.0;
                    for (var total = j; total <= k - (n - j); total++)
                    {
                        if (finalCounts[total] > 0)
                        {
                            p += finalCounts[total] * Math.Exp(SpecialFunctions.BinomialLn(total, j) + SpecialFunctions.BinomialLn(k - total, n - j) - lnAll);
                        }
                    }

                    result[point] = p;
                }
            }

            return result;
        }

        /// <summary>P(j of n_r agree) at every decision point when each sample agrees with probability <paramref name="confidence"/>.</summary>
        public static double[] CountProbabilities(AdaptiveSampling sampling, double confidence)
        {
            if (sampling is null)
            {
                throw new ArgumentNullException(nameof(sampling));
            }

            var c = double.IsNaN(confidence) ? 0 : Math.Min(1, Math.Max(0, confidence));
            var result = new double[sampling.PointCount];
            var point = 0;
            for (var round = 0; round < sampling.Rounds; round++)
            {
                var n = sampling.SamplesAfter(round);
                for (var j = 0; j <= n; j++, point++)
                {
                    result[point] = c == 0 ? (j == 0 ? 1 : 0) : c == 1 ? (j == n ? 1 : 0)
                        : Math.Exp(SpecialFunctions.BinomialLn(n, j) + (j * Math.Log(c)) + ((n - j) * Math.Log(1 - c)));
                }
            }

            return result;
        }

        /// <summary>
        /// Starts the flow of one visit through its decision points: <paramref name="surviving"/>[point] is the share of
        /// the point's verdict sequences that reach it without the table stopping first, 1 for the first round's points.
        /// </summary>
        public static void StartRounds(AdaptiveSampling sampling, double[] surviving)
        {
            if (sampling is null)
            {
                throw new ArgumentNullException(nameof(sampling));
            }

            Array.Clear(surviving, 0, sampling.PointCount);
            for (var j = 0; j <= sampling.SamplesAfter(0); j++)
            {
                surviving[j] = 1;
            }
        }

        /// <summary>
        /// The point (<paramref name="round"/>, <paramref name="correct"/>) draws the next round: its surviving share
        /// flows to the next round's points with i more agreeing, in proportion to <see cref="ThroughShares"/>.
        /// </summary>
        public static void DrawOn(AdaptiveSampling sampling, double[]?[] throughShares, double[] surviving, int round, int correct)
        {
            if (sampling is null)
            {
                throw new ArgumentNullException(nameof(sampling));
            }

            var point = sampling.FirstPoint(round) + correct;
            var next = sampling.FirstPoint(round + 1) + correct;
            var shares = throughShares[point]!;
            for (var i = 0; i < shares.Length; i++)
            {
                surviving[next + i] += surviving[point] * shares[i];
            }
        }

        /// <summary>
        /// [point][i]: for a point before the last round, the share of the verdict sequences reaching the next round's
        /// point with i more agreeing that pass through this point; null for points of the last round.
        /// </summary>
        public static double[]?[] ThroughShares(AdaptiveSampling sampling)
        {
            if (sampling is null)
            {
                throw new ArgumentNullException(nameof(sampling));
            }

            var result = new double[]?[sampling.PointCount];
            var point = 0;
            for (var round = 0; round < sampling.Rounds; round++)
            {
                var n = sampling.SamplesAfter(round);
                for (var j = 0; j <= n; j++, point++)
                {
                    if (round == sampling.Rounds - 1)
                    {
                        continue;
                    }

                    var drawn = sampling.DrawnIn(round + 1);
                    var shares = new double[drawn + 1];
                    for (var i = 0; i <= drawn; i++)
                    {
                        shares[i] = Math.Exp(SpecialFunctions.BinomialLn(n, j) + SpecialFunctions.BinomialLn(drawn, i) - SpecialFunctions.BinomialLn(n + drawn, j + i));
                    }

                    result[point] = shares;
                }
            }

            return result;
        }
    }
}
