using System;

namespace AutoMix.Policies.Parsing
{
    /// <summary>
    /// Names the generated cascade class declares or refers to. They live here, in the shared compiler, so that
    /// <c>automix check</c> and the build reject the same policy names (a rule only in the generator would let
    /// <c>check</c> say "ok" to a policy that does not compile).
    /// </summary>
    public static class GeneratedCodeNames
    {
        /// <summary>Members every generated cascade declares (or inherits and hides); the class cannot take these names (CS0542).</summary>
        public static readonly string[] MemberNames =
        {
            "Tier", "TierNames", "OperatingPoints", "OperatingPointMetrics", "PolicyName", "PolicyFile", "ExpectedCost",
            "ExpectedPerformance", "WorstCaseCost", "Describe", "Rendering", "Definition", "CreateDefinition", "CreateTiers",
            "CreateTableTiers", "CreateTable", "Options", "RunAsync", "GetResponseAsync", "GetStreamingResponseAsync",
            "GetService", "Dispose",
        };

        /// <summary>
        /// Types (and root namespaces) the generated code names. A policy type of the same name, in the namespace
        /// of the real one (<c>AutoMix.CascadeDefinition</c>, <c>Microsoft.Extensions.AI.IChatClient</c>) or in the
        /// global namespace (<c>AutoMix</c>), would hide it. The namespace can come from the project rather than the
        /// policy, which <c>check</c> cannot see, so these names are rejected in every namespace.
        /// </summary>
        public static readonly string[] ReferencedTypeNames =
        {
            "AutoMixCascade", "AutoMixCascadeOptions", "CascadeDefinition", "CascadeTier", "IChatClient", "PolicyTable",
            "TableTier", "VerifierSpec", "VerifierMethod", "ObservationBinning", "AutoMix", "Microsoft", "System",
        };

        public static bool IsMemberName(string name) => Array.IndexOf(MemberNames, name) >= 0;

        public static bool IsReferencedTypeName(string name) => Array.IndexOf(ReferencedTypeNames, name) >= 0;
    }
}
