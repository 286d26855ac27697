using System;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Observation;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// Recorded rows prepared for exact replays of a policy's tiers: per row, each tier's score and, per verified
    /// tier, the distribution of the bin the runtime observes (<see cref="ObservationProcess"/>). Built once and
    /// shared by every table replayed on the same rows (baselines, frontier, cross-validation folds).
    /// </summary>
    public sealed class ReplayRows
    {
        private ReplayRows(PolicyDocument policy, List<RecordedQuery> queries, double[][] scores, BinMass[][][] bins, double[]?[][] points, int skipped)
        {
            Policy = policy;
            Queries = queries;
            Scores = scores;
            Bins = bins;
            Points = points;
            Skipped = skipped;
        }

        public PolicyDocument Policy { get; }

        /// <summary>The rows that have a run of every mapped model, in file order.</summary>
        public IReadOnlyList<RecordedQuery> Queries { get; }

        /// <summary>Rows left out because a mapped model had no run.</summary>
        public int Skipped { get; }

        public int Count => Queries.Count;

        public int TierCount => Policy.Tiers.Count;

        /// <summary>[row][tier] recorded score.</summary>
        internal double[][] Scores { get; }

        /// <summary>[row][tier] the bins the runtime may observe with their probabilities (empty for an unverified tier).</summary>
        internal BinMass[][][] Bins { get; }

        /// <summary>
        /// [row][tier] for an adaptive tier: P(j of n agree) at each decision point given the row's recorded confidence
        /// (<see cref="AdaptiveObservation"/>); null for other tiers.
        /// </summary>
        internal double[]?[][] Points { get; }

        public double Score(int row, int tier) => Scores[row][tier];

        public static ReplayRows From(
            PolicyDocument policy,
            IReadOnlyList<RecordedQuery> rows,
            IReadOnlyDictionary<string, string> tierToModel,
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

            var models = TierModels.Resolve(policy, rows, tierToModel);
            var tierCount = policy.Tiers.Count;
            var processes = new ObservationProcess?[tierCount];
            for (var t = 0; t < tierCount; t++)
            {
                processes[t] = policy.Tiers[t].Verifier is { } verifier ? ObservationProcess.For(verifier) : null;
            }

            var queries = new List<RecordedQuery>(rows.Count);
            var scores = new List<double[]>(rows.Count);
            var bins = new List<BinMass[][]>(rows.Count);
            var points = new List<double[]?[]>(rows.Count);
            var skipped = 0;
            foreach (var query in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TierModels.TryGetRuns(query, models, out var runs))
                {
                    skipped++;
                    continue;
                }

                var rowScores = new double[tierCount];
                var rowBins = new BinMass[tierCount][];
                var rowPoints = new double[]?[tierCount];
                for (var t = 0; t < tierCount; t++)
                {
                    rowScores[t] = runs[t].Score;
                    rowBins[t] = processes[t] is { } process ? Sparse(process.BinDistribution(RecordedConfidence.Of(runs[t]))) : Array.Empty<BinMass>();
                    if (policy.Tiers[t].Verifier?.Adaptive is { } sampling)
                    {
                        rowPoints[t] = AdaptiveObservation.CountProbabilities(sampling, RecordedConfidence.Of(runs[t]));
                    }
                }

                queries.Add(query);
                scores.Add(rowScores);
                bins.Add(rowBins);
                points.Add(rowPoints);
            }

            if (queries.Count == 0)
            {
                throw new InvalidOperationException($"None of the {rows.Count} rows has a run for every mapped model ({string.Join(", ", models)}); nothing to evaluate.");
            }

            return new ReplayRows(policy, queries, scores.ToArray(), bins.ToArray(), points.ToArray(), skipped);
        }

        /// <summary>The rows at <paramref name="indices"/> (a cross-validation fold), sharing the prepared data.</summary>
        public ReplayRows Subset(IReadOnlyList<int> indices)
        {
            if (indices is null)
            {
                throw new ArgumentNullException(nameof(indices));
            }

            var queries = new List<RecordedQuery>(indices.Count);
            var scores = new double[indices.Count][];
            var bins = new BinMass[indices.Count][][];
            var points = new double[]?[indices.Count][];
            for (var i = 0; i < indices.Count; i++)
            {
                var row = indices[i];
                queries.Add(Queries[row]);
                scores[i] = Scores[row];
                bins[i] = Bins[row];
                points[i] = Points[row];
            }

            return new ReplayRows(Policy, queries, scores, bins, points, 0);
        }

        /// <summary>Always answering with one tier, unverified: its mean score at its own cost.</summary>
        public CostQuality AlwaysTier(int tier)
        {
            var score = 0.0;
            foreach (var row in Scores)
            {
                score += row[tier];
            }

            return new CostQuality(score / Count, Policy.Tiers[tier].Cost);
        }

        private static BinMass[] Sparse(double[] distribution)
        {
            var count = 0;
            foreach (var p in distribution)
            {
                if (p > 0)
                {
                    count++;
                }
            }

            var result = new BinMass[count];
            var i = 0;
            for (var b = 0; b < distribution.Length; b++)
            {
                if (distribution[b] > 0)
                {
                    result[i++] = new BinMass(b, distribution[b]);
                }
            }

            return result;
        }
    }

    /// <summary>A bin and the probability the runtime observes it.</summary>
    internal readonly struct BinMass
    {
        public BinMass(int bin, double probability)
        {
            Bin = bin;
            Probability = probability;
        }

        public int Bin { get; }

        public double Probability { get; }
    }
}
