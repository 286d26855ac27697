namespace AutoMix.Generators.Tests.Infrastructure;

/// <summary>Small policies written inline, for tests that vary one thing.</summary>
internal static class PolicyTexts
{
    public static string Threshold(string name, string small, string large) => $"""
        automix: 1
        policy: {name}
        tiers:
          - name: {small}
            model: small-model
            cost: 1
            verifier: {"{"} method: self-verification, samples: 4 {"}"}
          - name: {large}
            model: large-model
            cost: 20
        router:
          kind: threshold
          threshold: 0.5

        """;

    /// <summary>A two-tier POMDP policy; <paramref name="lambda"/> sets how cost-averse the solved table is.</summary>
    public static string Pomdp(string name, double lambda, string extra = "") => $$"""
        automix: 1
        policy: {{name}}
        tiers:
          - name: small
            model: small-model
            cost: 1
            verifier:
              method: self-verification
              samples: 8
              observations: { bins: 3 }
          - name: large
            model: large-model
            cost: 50
        router:
          kind: pomdp
          objective: { lambda: {{lambda.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
        model:
          states:
            - name: easy
              prior: 0.6
              performance: [0.9, 0.95]
              observations:
                small: [0.1, 0.2, 0.7]
            - name: hard
              prior: 0.4
              performance: [0.2, 0.9]
              observations:
                small: [0.6, 0.3, 0.1]
        {{extra}}
        """;
}
