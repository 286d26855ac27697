namespace AutoMix.Generators
{
    /// <summary>Names of the pipeline steps, so tests can check which steps ran, were cached or were unchanged.</summary>
    public static class TrackingNames
    {
        /// <summary>Every additional file classified: a <c>PolicyInput</c> for policies, null for anything else.</summary>
        public const string PolicyInputs = nameof(PolicyInputs);

        /// <summary>Only the policy files.</summary>
        public const string PolicyFiles = nameof(PolicyFiles);

        /// <summary>Each policy parsed and solved by the shared policy compiler.</summary>
        public const string CompiledPolicies = nameof(CompiledPolicies);

        /// <summary>The policy compiler's diagnostics of each policy, with their locations.</summary>
        public const string PolicyDiagnostics = nameof(PolicyDiagnostics);

        /// <summary>The type each policy generates, with where its name is written.</summary>
        public const string TypeClaims = nameof(TypeClaims);

        /// <summary>All type claims, ordered by type and path.</summary>
        public const string AllTypeClaims = nameof(AllTypeClaims);

        /// <summary>AMX0200 for every policy whose type an earlier policy already generates.</summary>
        public const string DuplicateTypeDiagnostics = nameof(DuplicateTypeDiagnostics);

        /// <summary>Paths of policies that are not emitted because an earlier policy generates the same type.</summary>
        public const string SuppressedPolicies = nameof(SuppressedPolicies);

        /// <summary>What the emitter needs of each policy, without source locations.</summary>
        public const string EmitModels = nameof(EmitModels);

        /// <summary>Emit models of the policies that are actually emitted.</summary>
        public const string EmitInputs = nameof(EmitInputs);

        /// <summary>All names, for tests that check every step.</summary>
        public static readonly string[] All =
        {
            PolicyInputs, PolicyFiles, CompiledPolicies, PolicyDiagnostics, TypeClaims, AllTypeClaims,
            DuplicateTypeDiagnostics, SuppressedPolicies, EmitModels, EmitInputs,
        };
    }
}
