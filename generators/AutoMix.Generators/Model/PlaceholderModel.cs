using AutoMix.Policies.Collections;

namespace AutoMix.Generators.Model
{
    /// <summary>
    /// What the placeholder of a broken policy needs: the class's name, namespace and tiers (see
    /// <see cref="AutoMix.Policies.Model.PolicyOutline"/>). No spans, so it stays equal while the user edits.
    /// </summary>
    internal sealed record PlaceholderModel(
        string Path,
        string DisplayPath,
        string? Namespace,
        string TypeName,
        EquatableArray<TierModel> Tiers)
    {
        /// <summary>The same hint name the real class would have, so fixing the policy replaces this file.</summary>
        public string HintName => (Namespace is null ? string.Empty : Namespace + ".") + TypeName + ".g.cs";

        public static PlaceholderModel? From(CompiledPolicy policy)
        {
            if (policy.PlaceholderOutline is not { } outline)
            {
                return null;
            }

            var names = new string[outline.Tiers.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = outline.Tiers[i].Name;
            }

            var members = Identifiers.UniquePascal(names, "Tier");
            var tiers = new TierModel[names.Length];
            for (var i = 0; i < tiers.Length; i++)
            {
                var tier = outline.Tiers[i];
                tiers[i] = new TierModel(tier.Name, Identifiers.Parameter(tier.Name), members[i], tier.Model ?? string.Empty, 0, null);
            }

            return new PlaceholderModel(policy.Path, policy.DisplayPath, policy.Namespace, outline.PolicyName, new EquatableArray<TierModel>(tiers));
        }
    }
}
