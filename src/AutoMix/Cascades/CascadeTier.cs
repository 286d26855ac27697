using AutoMix.Policies.Model;

namespace AutoMix;

/// <summary>
/// One model tier of a cascade: its name (also the DI key of its backend), the model it stands for,
/// the cost of one answer, and the verifier that scores its answers (null only for the final tier).
/// </summary>
public sealed record CascadeTier(string Name, string Model, double Cost, VerifierSpec? Verifier)
{
    public bool IsVerified => Verifier is not null;
}
