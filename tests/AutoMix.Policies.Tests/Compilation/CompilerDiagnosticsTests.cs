using AutoMix.Policies.Compilation;
using Xunit;

namespace AutoMix.Policies.Tests.Compilation;

/// <summary>The diagnostics found after solving (AMX01xx), each with its ID, line and column.</summary>
public class CompilerDiagnosticsTests
{
    private static string Paper => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policies", "paper-two-tier.automix.yaml"));

    private static (int Line, int Column) Position(string text, string needle)
    {
        var offset = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"'{needle}' not in the policy");
        var before = text[..offset];
        return (before.Count(c => c == '\n') + 1, offset - before.LastIndexOf('\n'));
    }

    [Fact]
    public void AMX0100_worst_case_above_the_budget_is_an_error_at_the_budget_value()
    {
        var text = Paper.Replace("max-cost-per-query: 60", "max-cost-per-query: 40", StringComparison.Ordinal);
        var diagnostic = Assert.Single(PolicyCompiler.Compile(text, "paper.automix.yaml").Diagnostics, d => d.Id == "AMX0100");

        Assert.True(diagnostic.IsError);
        Assert.Equal(Position(text, "40"), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
        Assert.Contains("52", diagnostic.Message);
        Assert.Contains("small -> large", diagnostic.Message);
    }

    [Fact]
    public void AMX0101_expected_cost_above_the_budget_is_an_error_at_the_budget_value()
    {
        var text = Paper.Replace("max-cost-per-query: 60", "max-cost-per-query: 60\n  max-expected-cost: 3", StringComparison.Ordinal);
        var diagnostic = Assert.Single(PolicyCompiler.Compile(text, "paper.automix.yaml").Diagnostics, d => d.Id == "AMX0101");

        Assert.True(diagnostic.IsError);
        var (line, column) = Position(text, "max-expected-cost: 3");
        Assert.Equal((line, column + "max-expected-cost: ".Length), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void AMX0102_a_tier_the_table_never_reaches_is_a_warning_at_the_tier()
    {
        // A threshold of 0 accepts every bin: the large tier is dead configuration.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policies", "threshold.automix.yaml"));
        var edited = System.Text.RegularExpressions.Regex.Replace(text, @"threshold: 0\.5\b", "threshold: 0");
        var compilation = PolicyCompiler.Compile(edited, "threshold.automix.yaml");
        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Id == "AMX0102");

        Assert.False(diagnostic.IsError);
        Assert.False(compilation.HasErrors);
        Assert.Equal(Position(edited, "name: large"), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void AMX0103_an_unreachable_cost_limit_warns_at_the_objective_and_uses_the_cheapest_policy()
    {
        // Below one small-tier answer: nothing can meet it.
        var text = Paper.Replace("objective: max-ibc", "objective: { max-expected-cost: 0.5 }", StringComparison.Ordinal);
        var compilation = PolicyCompiler.Compile(text, "paper.automix.yaml");
        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Id == "AMX0103");

        Assert.False(diagnostic.IsError);

        // The cheapest policy answers with the small tier and does not pay for its verifier.
        Assert.Equal(1, compilation.Default!.Metrics.ExpectedCost, 9);
        Assert.Equal(Position(text, "kind: pomdp").Line, diagnostic.Span.StartLine + 1);
    }
}
