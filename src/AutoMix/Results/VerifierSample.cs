namespace AutoMix;

/// <summary>
/// One verifier sample: the raw text the model produced and what it was read as. For self-verification
/// <see cref="Verdict"/> is true (correct), false (incorrect) or null (unparseable); for self-consistency it says
/// whether the sampled answer equals the tier's answer after normalisation; for logprob it is the argmax verdict.
/// </summary>
public sealed record VerifierSample(string Text, bool? Verdict);
