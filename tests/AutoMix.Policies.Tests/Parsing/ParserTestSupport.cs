using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Parsing;
using Xunit;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>Shared inputs and assertions for the parser tests. Positions in assertions are one-based, as editors show them.</summary>
internal static class ParserTestSupport
{
    /// <summary>A small valid POMDP policy; line numbers in the diagnostic tests refer to it.</summary>
    public const string Valid =
        """
        automix: 1
        policy: Demo
        tiers:
          - name: small
            model: m-small
            cost: 1
            verifier:
              method: self-verification
              samples: 2
          - name: large
            model: m-large
            cost: 10
        router:
          kind: pomdp
        model:
          states:
            - prior: 0.5
              performance: [0, 1]
              observations:
                small: [0.5, 0.3, 0.2]
            - prior: 0.5
              performance: [1, 1]
              observations:
                small: [0.1, 0.2, 0.7]

        """;

    public static PolicyParseResult Parse(string text, string path = "test.automix.yaml") => PolicyParser.Parse(text, path);

    /// <summary>Replaces exactly one occurrence, so a typo in a test cannot silently leave the input unchanged.</summary>
    public static string ReplaceOnce(this string text, string oldValue, string newValue)
    {
        var index = text.IndexOf(oldValue, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{oldValue}' not found in the test input");
        Assert.True(text.IndexOf(oldValue, index + 1, StringComparison.Ordinal) < 0, $"'{oldValue}' occurs more than once");
        return text.Substring(0, index) + newValue + text.Substring(index + oldValue.Length);
    }

    /// <summary>Asserts the text has a diagnostic with the ID at the one-based position, no document, and returns it.</summary>
    public static PolicyDiagnostic AssertDiagnostic(string text, string id, int line, int column)
    {
        var result = Parse(text);
        Assert.Null(result.Document);
        var matches = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(
            matches.Count > 0,
            $"expected {id}, got: {string.Join(" | ", result.Diagnostics.Select(d => d.ToString()))}");
        var diagnostic = matches[0];
        Assert.Equal((line, column), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
        Assert.Equal(PolicyDiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("test.automix.yaml", diagnostic.FilePath);
        return diagnostic;
    }

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "invalid", name));

    public static string SamplePolicy(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policies", name));

    public static readonly string[] SamplePolicies =
    {
        "paper-two-tier.automix.yaml",
        "threshold.automix.yaml",
        "three-tier.automix.yaml",
        "quickstart.automix.yaml",
        "adaptive-two-tier.automix.yaml",
    };
}
