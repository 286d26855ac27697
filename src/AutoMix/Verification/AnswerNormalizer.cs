using AutoMix.Policies.Data;

namespace AutoMix.Verification;

/// <summary>
/// Normalises answers for self-consistency: trim, case-fold (invariant), collapse runs of whitespace to one
/// space, and strip trailing punctuation, so "Paris." and " paris" are the same answer. The rule lives in
/// <see cref="AnswerNormalization"/> so calibration compares recorded samples exactly as the runtime does.
/// </summary>
public static class AnswerNormalizer
{
    public static string Normalize(string? answer) => AnswerNormalization.Normalize(answer);
}
