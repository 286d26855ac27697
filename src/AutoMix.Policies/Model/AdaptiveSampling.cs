using System;

namespace AutoMix.Policies.Model
{
    /// <summary>
    /// Adaptive verification of a sampled verifier: samples are drawn in rounds of <see cref="Batch"/> (concurrent
    /// within a round), up to <see cref="Samples"/> in all, and the table decides after every round whether to
    /// accept, route on, or draw another round. A round costs <see cref="RoundCost"/> (the prompt sent again) plus
    /// <see cref="SampleCost"/> per sample drawn in it (the verdict's output).
    /// <para>
    /// The decision points of one visit are the pairs (round r, correct-so-far j), j = 0..n_r, where n_r =
    /// min((r + 1)·batch, samples) samples have been drawn after round r (0-based). They are numbered round by round,
    /// so a table node of an adaptive tier owns <see cref="PointCount"/> slots, one per point.
    /// </para>
    /// </summary>
    public sealed record AdaptiveSampling(int Samples, int Batch, double RoundCost, double SampleCost)
    {
        /// <summary>Samples per round when the policy does not say (two verdicts settle most answers).</summary>
        public const int DefaultBatch = 2;

        /// <summary>At most this many decision points per tier (the table's slots of one node).</summary>
        public const int MaxPoints = 1000;

        /// <summary>Rounds of a visit that draws every sample.</summary>
        public int Rounds => (Samples + Batch - 1) / Batch;

        /// <summary>Decision points of one visit (slots of one table node).</summary>
        public int PointCount => FirstPoint(Rounds);

        /// <summary>What drawing every sample costs: every round's prompt and every sample.</summary>
        public double MaxCost => (Rounds * RoundCost) + (Samples * SampleCost);

        /// <summary>Number of decision points a schedule has, without building it (for limits).</summary>
        public static long CountPoints(int samples, int batch)
        {
            long points = 0;
            for (long drawn = Math.Min(batch, samples); ; drawn = Math.Min(drawn + batch, samples))
            {
                points += drawn + 1;
                if (drawn >= samples)
                {
                    return points;
                }
            }
        }

        /// <summary>Samples drawn after round <paramref name="round"/> (0-based).</summary>
        public int SamplesAfter(int round) => (int)Math.Min(((long)round + 1) * Batch, Samples);

        /// <summary>Samples drawn in round <paramref name="round"/>.</summary>
        public int DrawnIn(int round) => SamplesAfter(round) - (round == 0 ? 0 : SamplesAfter(round - 1));

        /// <summary>What round <paramref name="round"/> costs: its prompt plus its samples.</summary>
        public double CostOfRound(int round) => RoundCost + (DrawnIn(round) * SampleCost);

        /// <summary>The first point of round <paramref name="round"/> (its point with 0 correct).</summary>
        public int FirstPoint(int round)
        {
            var point = 0;
            for (var r = 0; r < round; r++)
            {
                point += SamplesAfter(r) + 1;
            }

            return point;
        }

        /// <summary>The point after round <paramref name="round"/> with <paramref name="correct"/> samples agreeing so far.</summary>
        public int PointOf(int round, int correct)
        {
            if (round < 0 || round >= Rounds || correct < 0 || correct > SamplesAfter(round))
            {
                throw new ArgumentOutOfRangeException(nameof(correct), $"No point ({round}, {correct}) in a schedule of {Rounds} rounds.");
            }

            return FirstPoint(round) + correct;
        }

        /// <summary>The (round, correct-so-far) pair of a point.</summary>
        public (int Round, int Correct) PointAt(int point)
        {
            var first = 0;
            for (var r = 0; r < Rounds; r++)
            {
                var size = SamplesAfter(r) + 1;
                if (point < first + size)
                {
                    return (r, point - first);
                }

                first += size;
            }

            throw new ArgumentOutOfRangeException(nameof(point), point, $"A schedule of {Rounds} rounds has {first} points.");
        }

        /// <summary>Whether another round may follow the round of <paramref name="point"/> (it is not the last).</summary>
        public bool CanContinue(int point) => PointAt(point).Round < Rounds - 1;
    }
}
