using AutoMix.Policies.Collections;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;

namespace AutoMix.Generators.Model
{
    /// <summary>
    /// Everything the emitter writes, and nothing else: no source spans, so editing a comment in the YAML
    /// re-parses the file but produces an equal model and the generated source is not rewritten.
    /// </summary>
    internal sealed record EmitModel(
        string Path,
        string DisplayPath,
        string? Namespace,
        string TypeName,
        string PolicyName,
        string? Description,
        string RouterKind,
        EquatableArray<TierModel> Tiers,
        EquatableArray<TableTier> TableTiers,
        EquatableArray<OperatingPointModel> OperatingPoints,
        ProvenanceModel? Provenance,
        string Rendering)
    {
        /// <summary>The generated file's hint name: unique per type because duplicate types are not emitted.</summary>
        public string HintName => (Namespace is null ? string.Empty : Namespace + ".") + TypeName + ".g.cs";
    }

    /// <summary>A tier: YAML name, C# parameter name (keyword-escaped), enum/constant member name, model and costs.</summary>
    internal sealed record TierModel(
        string Name,
        string ParameterName,
        string MemberName,
        string Model,
        double Cost,
        VerifierModel? Verifier);

    /// <summary>A tier's verifier, as the runtime needs it to score answers.</summary>
    internal sealed record VerifierModel(
        string Method,
        int Samples,
        double Temperature,
        double Cost,
        EquatableArray<double> InteriorEdges,
        AdaptiveSampling? Adaptive);

    /// <summary>
    /// A solved operating point: its table as flat arrays and its metrics under the model. <see cref="MemberName"/>
    /// names its constant and metrics class; <see cref="TablePrefix"/> its private table members (<c>…NodeTier</c>).
    /// </summary>
    internal sealed record OperatingPointModel(
        string Name,
        string MemberName,
        string TablePrefix,
        double? Lambda,
        EquatableArray<int> NodeTier,
        EquatableArray<int> NodeFirstSlot,
        EquatableArray<int> SlotNext,
        double ExpectedPerformance,
        double ExpectedCost,
        double WorstCaseCost,
        string WorstCasePath);

    /// <summary>Where the calibrated model came from (all optional).</summary>
    internal sealed record ProvenanceModel(string? Data, int? Rows, string? Hash, string? Date, string? Tool);
}
