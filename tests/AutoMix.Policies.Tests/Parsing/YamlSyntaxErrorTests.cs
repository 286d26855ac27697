using AutoMix.Policies.Parsing;
using Xunit;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>
/// The common YAML mistakes get our own message at the line to fix, with what to do, instead of YamlDotNet's text
/// where its scanner gave up (often the next line). Each case edits one line of policies/quickstart.automix.yaml.
/// </summary>
public class YamlSyntaxErrorTests
{
    private static readonly string[] Quickstart = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policies", "quickstart.automix.yaml"))
        .Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    [Theory]
    // A tab in the indentation of line 17: YamlDotNet says line 16.
    [InlineData(17, "    model: llama3.1-8b", "\t  model: llama3.1-8b", 17, 1, "line 17 is indented with a tab; YAML indentation must be spaces: replace the tab with spaces")]
    // 'kind:' dedented out of 'router:' on line 27: YamlDotNet says line 28.
    [InlineData(27, "  kind: pomdp", "kind: pomdp", 27, 1, "line 27 is not indented under 'router:' (line 26)")]
    // 'method:' dedented out of 'verifier:' on line 20: YamlDotNet says line 21.
    [InlineData(20, "      method: self-verification", "    method: self-verification", 20, 5, "line 20 is not indented under 'verifier:' (line 19)")]
    // 'cost:' indented one space too deep on line 24.
    [InlineData(24, "    cost: 50", "     cost: 50", 24, 6, "line 24 is indented deeper than line 23 ('model: llama3.1-70b'), whose key already has a value")]
    // A flow list left open on line 38: YamlDotNet says line 39.
    [InlineData(38, "      performance: [1, 1]  # small, large", "      performance: [1, 1  # small, large", 38, 20, "'[' opened on line 38 is not closed: add ']'")]
    // A quote left open on line 13.
    [InlineData(13, "description: Two-tier AutoMix cascade to start from.", "description: \"Two-tier AutoMix cascade to start from.", 13, 14, "the quote opened on line 13 is not closed")]
    public void A_common_mistake_is_reported_at_its_line_with_a_fix(int line, string original, string broken, int expectedLine, int expectedColumn, string expected)
    {
        Assert.Equal(original, Quickstart[line - 1]);
        var lines = (string[])Quickstart.Clone();
        lines[line - 1] = broken;

        var result = PolicyParser.Parse(string.Join("\n", lines), "quickstart.automix.yaml");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("AMX0001", diagnostic.Id);
        Assert.StartsWith("YAML syntax error: " + expected, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((expectedLine, expectedColumn), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }
}
