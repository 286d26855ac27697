using System.Collections.Generic;

namespace AutoMix.Evaluation.Simulation;

/// <summary>
/// One simulated query: its hidden state (drawn from the policy's priors), whether each tier answers it
/// correctly (drawn from the state's performance), and the confidence bin each verified tier will observe
/// (drawn from the state's observation row).
/// </summary>
public sealed record SimulatedQuery(int Id, string Question, string GoldAnswer, int State, IReadOnlyList<bool> Correct, IReadOnlyList<int> Bins)
{
    public string AnswerOf(int tier) => Correct[tier] ? GoldAnswer : $"wrong answer {Id}-{tier}";
}
