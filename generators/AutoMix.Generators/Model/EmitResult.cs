namespace AutoMix.Generators.Model
{
    /// <summary>The emit step's input: a model to write, nothing (policy with errors, or a duplicate type), or the AMX0201 that building the model raised.</summary>
    internal sealed record EmitResult(EmitModel? Model, DiagnosticInfo? Failure)
    {
        public static EmitResult Nothing { get; } = new(null, null);
    }
}
