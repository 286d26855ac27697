using System;
using System.Collections.Generic;

namespace AutoMix.Policies.Data
{
    /// <summary>
    /// The confidence a run's verifier expressed in its own answer: <c>p_correct</c> when recorded, else the
    /// share of self-consistency samples equal to the answer (compared as the runtime compares them,
    /// <see cref="AnswerNormalization"/>). A run without either,
    /// or with an empty sample list, has no usable verification and gets confidence 0 — the same value a
    /// verifier that rejects outright gives, which is how the runtime treats a failed verification too.
    /// </summary>
    public static class RecordedConfidence
    {
        public static double Of(RecordedRun run)
        {
            if (run is null)
            {
                throw new ArgumentNullException(nameof(run));
            }

            var verifier = run.Verifier;
            if (verifier.PCorrect is { } p)
            {
                return p;
            }

            var samples = verifier.Samples;
            if (samples is null || samples.Count == 0)
            {
                return 0;
            }

            var answer = AnswerNormalization.Normalize(run.Answer);
            var agreeing = 0;
            foreach (var sample in samples)
            {
                if (string.Equals(AnswerNormalization.Normalize(sample), answer, StringComparison.Ordinal))
                {
                    agreeing++;
                }
            }

            return (double)agreeing / samples.Count;
        }

        /// <summary>False when the run carries neither a <c>p_correct</c> nor a non-empty sample list.</summary>
        public static bool HasUsableSignal(RecordedRun run)
        {
            if (run is null)
            {
                throw new ArgumentNullException(nameof(run));
            }

            return run.Verifier.PCorrect is not null || run.Verifier.Samples is { Count: > 0 };
        }

        /// <summary>Counts of one model's runs: total, without a usable signal, and with confidence exactly 0 (including those).</summary>
        public static ConfidenceSummary Summarize(IEnumerable<RecordedQuery> queries, string model)
        {
            var rows = 0;
            var empty = 0;
            var zero = 0;
            foreach (var query in queries)
            {
                if (!query.Runs.TryGetValue(model, out var run))
                {
                    continue;
                }

                rows++;
                if (!HasUsableSignal(run))
                {
                    empty++;
                }

                if (Of(run) == 0)
                {
                    zero++;
                }
            }

            return new ConfidenceSummary(model, rows, empty, zero);
        }
    }

    /// <summary>Signal quality of one model's runs: rows, rows with no usable verification, rows with confidence 0.</summary>
    public sealed record ConfidenceSummary(string Model, int Rows, int NoUsableSignal, int ZeroConfidence);
}
