using System.Globalization;
using System.Text;

namespace AutoMix.Generators.Tests.Hostile;

/// <summary>Policies whose free text and names are chosen by an attacker; every value is a YAML double-quoted escape.</summary>
internal static class HostilePolicies
{
    /// <summary>
    /// A three-tier POMDP policy with every free-text field set: description, each tier's model, the provenance
    /// strings and an operating point. Names stay valid identifiers so the policy compiles.
    /// </summary>
    public static string WithText(string description, string smallModel, string largeModel, string provenance) => $$"""
        automix: 1
        policy: Hostile
        description: {{Quoted(description)}}
        tiers:
          - name: small
            model: {{Quoted(smallModel)}}
            cost: 1
            verifier: { method: self-verification, samples: 2 }
          - name: large
            model: {{Quoted(largeModel)}}
            cost: 20
        router:
          kind: pomdp
          objective: { lambda: 0.01 }
          operating-points:
            - name: economy
              objective: { lambda: 0.05 }
        model:
          states:
            - name: easy
              prior: 0.5
              performance: [0.9, 0.95]
              observations: { small: [0.1, 0.2, 0.7] }
            - name: hard
              prior: 0.5
              performance: [0.2, 0.9]
              observations: { small: [0.6, 0.3, 0.1] }
          provenance:
            data: {{Quoted(provenance)}}
            hash: {{Quoted(provenance)}}
            date: {{Quoted(provenance)}}
            tool: {{Quoted(provenance)}}

        """;

    /// <summary>A two-tier threshold policy with the given policy name, namespace (null: none) and tier names.</summary>
    public static string WithNames(string policy, string? ns, string small, string large, string? point = null) => $$"""
        automix: 1
        policy: {{Quoted(policy)}}
        {{(ns is null ? string.Empty : "namespace: " + Quoted(ns))}}
        tiers:
          - name: {{Quoted(small)}}
            model: small-model
            cost: 1
            verifier: { method: self-verification, samples: 2 }
          - name: {{Quoted(large)}}
            model: large-model
            cost: 20
        router:
          kind: {{(point is null ? "threshold\n  threshold: 0.5" : "pomdp\n  operating-points:\n    - name: " + Quoted(point) + "\n      objective: { lambda: 0.05 }")}}
        {{(point is null ? string.Empty : "model:\n  states:\n    - name: s\n      prior: 1\n      performance: [0.5, 0.9]\n      observations: { " + Quoted(small) + ": [0.2, 0.3, 0.5] }")}}

        """;

    /// <summary>A YAML double-quoted scalar that spells every non-ASCII, control or quote character as an escape.</summary>
    public static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append("\\U").Append(char.ConvertToUtf32(c, value[i + 1]).ToString("X8", CultureInfo.InvariantCulture));
                i++;
            }
            else if (c is >= ' ' and < (char)0x7f && c != '"' && c != '\\')
            {
                text.Append(c);
            }
            else
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return text.Append('"').ToString();
    }
}
