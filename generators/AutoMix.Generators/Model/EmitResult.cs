namespace AutoMix.Generators.Model
{
    /// <summary>The emit step's input: a model to write, nothing (policy with errors, or a duplicate type), or the AMX0201 that building the model raised.</summary>
    internal sealed record EmitResult(EmitModel? Model, DiagnosticInfo? Failure)
    {
        public static EmitResult Nothing { get; } = new(null, null);

        /// <summary>The public shape to emit instead of the class, for a policy with errors whose names are readable.</summary>
        public PlaceholderModel? Placeholder { get; init; }

        /// <summary>The policy file this result is for, when there is something to emit.</summary>
        public string? Path => Model?.Path ?? Placeholder?.Path;
    }
}
