using System.Collections.Generic;

namespace AutoMix.Policies.Data
{
    /// <summary>
    /// The recorded confidence signal of a run: <see cref="PCorrect"/> for "self-verification" and
    /// "answer-logprob", <see cref="Samples"/> (k further sampled answers) for "self-consistency".
    /// </summary>
    public sealed record RecordedVerifierSignal(string Kind, double? PCorrect, IReadOnlyList<string>? Samples);
}
