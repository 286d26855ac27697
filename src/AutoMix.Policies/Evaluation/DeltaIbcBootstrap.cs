using System;
using System.Collections.Generic;
using MathNet.Numerics.Statistics;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>
    /// Percentile bootstrap intervals for ΔIBC measured on recorded rows: resample the queries with replacement,
    /// recompute always-first, always-last and the router(s) on each resample. Test sets of a few hundred queries
    /// make ΔIBC noisy; these intervals say how noisy. Seeded, so results are reproducible.
    /// </summary>
    public static class DeltaIbcBootstrap
    {
        /// <summary>The central <paramref name="confidence"/> interval of one router's ΔIBC.</summary>
        public static (double Low, double High) Interval(ReplayOutcomes router, int resamples = 2000, double confidence = 0.9, int seed = 1)
        {
            var values = Resample(router, null, resamples, seed, (a, _) => a);
            return Percentiles(values, confidence);
        }

        /// <summary>
        /// The central interval of a router's ΔIBC replayed with several seeds of the verifier's sampling (the same
        /// queries in the same order in every run): each resample draws the queries with replacement and, for each
        /// drawn query, one of the runs at random, so the interval covers both which queries were asked and what
        /// the verifier happened to sample.
        /// </summary>
        public static (double Low, double High) Interval(IReadOnlyList<ReplayOutcomes> runs, int resamples = 2000, double confidence = 0.9, int seed = 1)
        {
            if (runs is null || runs.Count == 0)
            {
                throw new ArgumentException("At least one replay is needed.", nameof(runs));
            }

            if (runs.Count == 1)
            {
                return Interval(runs[0], resamples, confidence, seed);
            }

            var n = runs[0].Queries.Count;
            foreach (var run in runs)
            {
                if (run.Queries.Count != n)
                {
                    throw new ArgumentException($"Every replay needs the same queries; got {n} and {run.Queries.Count}.", nameof(runs));
                }
            }

            var random = new Random(seed);
            var values = new List<double>(resamples);
            for (var r = 0; r < resamples; r++)
            {
                double score = 0, cost = 0, first = 0, last = 0;
                for (var i = 0; i < n; i++)
                {
                    var query = runs[random.Next(runs.Count)].Queries[random.Next(n)];
                    score += query.Score;
                    cost += query.Cost;
                    first += query.FirstTierScore;
                    last += query.LastTierScore;
                }

                var value = DeltaIbc.Of(new CostQuality(score / n, cost / n), new CostQuality(first / n, runs[0].FirstTierCost), new CostQuality(last / n, runs[0].LastTierCost)).Value;
                if (!double.IsNaN(value))
                {
                    values.Add(value);
                }
            }

            if (values.Count == 0)
            {
                throw new InvalidOperationException("ΔIBC is undefined on every resample (always-large never beats always-small).");
            }

            return Percentiles(values, confidence);
        }

        /// <summary>
        /// The central interval of ΔIBC(a) − ΔIBC(b) for two routers replayed on the same queries (paired: each
        /// resample draws the same queries for both).
        /// </summary>
        public static (double Low, double High) DifferenceInterval(ReplayOutcomes a, ReplayOutcomes b, int resamples = 2000, double confidence = 0.9, int seed = 1)
        {
            if (b is null)
            {
                throw new ArgumentNullException(nameof(b));
            }

            if (a.Queries.Count != b.Queries.Count)
            {
                throw new ArgumentException($"Paired intervals need the same queries; got {a.Queries.Count} and {b.Queries.Count}.", nameof(b));
            }

            for (var i = 0; i < a.Queries.Count; i++)
            {
                if (!string.Equals(a.Queries[i].Id, b.Queries[i].Id, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Paired intervals need the same queries in the same order; query {i} is '{a.Queries[i].Id}' and '{b.Queries[i].Id}'.", nameof(b));
                }
            }

            var values = Resample(a, b, resamples, seed, (x, y) => x - y);
            return Percentiles(values, confidence);
        }

        private static List<double> Resample(ReplayOutcomes a, ReplayOutcomes? b, int resamples, int seed, Func<double, double, double> combine)
        {
            if (a is null)
            {
                throw new ArgumentNullException(nameof(a));
            }

            if (resamples < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "At least one resample is needed.");
            }

            var n = a.Queries.Count;
            if (n == 0)
            {
                throw new ArgumentException("No replayed queries to resample.", nameof(a));
            }

            var random = new Random(seed);
            var values = new List<double>(resamples);
            for (var r = 0; r < resamples; r++)
            {
                double scoreA = 0, costA = 0, scoreB = 0, costB = 0, first = 0, last = 0;
                for (var i = 0; i < n; i++)
                {
                    var pick = random.Next(n);
                    var qa = a.Queries[pick];
                    scoreA += qa.Score;
                    costA += qa.Cost;
                    first += qa.FirstTierScore;
                    last += qa.LastTierScore;
                    if (b is not null)
                    {
                        scoreB += b.Queries[pick].Score;
                        costB += b.Queries[pick].Cost;
                    }
                }

                var small = new CostQuality(first / n, a.FirstTierCost);
                var large = new CostQuality(last / n, a.LastTierCost);
                var deltaA = DeltaIbc.Of(new CostQuality(scoreA / n, costA / n), small, large).Value;
                var deltaB = b is null ? 0 : DeltaIbc.Of(new CostQuality(scoreB / n, costB / n), small, large).Value;

                // A resample where ΔIBC is undefined (e.g. always-large no better than always-small) carries no slope information.
                var value = combine(deltaA, deltaB);
                if (!double.IsNaN(value))
                {
                    values.Add(value);
                }
            }

            if (values.Count == 0)
            {
                throw new InvalidOperationException("ΔIBC is undefined on every resample (always-large never beats always-small).");
            }

            return values;
        }

        private static (double Low, double High) Percentiles(List<double> values, double confidence)
        {
            if (!(confidence > 0 && confidence < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be in (0, 1).");
            }

            var tail = (1 - confidence) / 2;
            return (values.Quantile(tail), values.Quantile(1 - tail));
        }
    }
}
