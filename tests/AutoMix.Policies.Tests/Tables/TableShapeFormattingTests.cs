using AutoMix.Policies.Compilation;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Tables;
using Xunit;
using static AutoMix.Policies.Tests.Tables.SkippingAndUnverifiedTables;

namespace AutoMix.Policies.Tests.Tables;

/// <summary>How <see cref="PolicyTableFormatter"/> and the tier diagnostics describe skipped and unverified tiers.</summary>
public class TableShapeFormattingTests
{
    [Fact]
    public void The_start_tier_and_the_skipped_tiers_are_named()
    {
        var text = PolicyTableFormatter.Format(Policy, Point(StartAtMiddle));

        Assert.Contains("Starts at t1 (never calls t0: not worth calling under this model)\n", text);
        Assert.Contains("  t1        -> t2   accept\n", text);
        Assert.DoesNotContain("\n  t0 ", text);
        Assert.Contains("Worst-case cost 70 (t1 -> t2)\n", text);
    }

    [Fact]
    public void A_table_starting_at_the_first_tier_says_so_without_a_skip_note()
    {
        var text = PolicyTableFormatter.Format(Policy, Point(SmallThenUnverifiedMiddle));

        Assert.Contains("Starts at t0\n", text);
        Assert.DoesNotContain("never calls", text);
    }

    [Fact]
    public void A_node_that_accepts_without_verifying_has_its_own_row()
    {
        var text = PolicyTableFormatter.Format(Policy, Point(SmallThenUnverifiedMiddle));

        Assert.Contains("  t0             -> t1   accept\n", text);
        Assert.Contains("  t1 after t0=0  " + PolicyTableFormatter.AcceptUnverified + "\n", text);
        Assert.Contains("Expected performance 0.9, expected cost 7\n", text);
        Assert.Contains("Worst-case cost 12 (t0 -> t1 (unverified))\n", text);
        Assert.DoesNotContain(" \n", text);
    }

    [Fact]
    public void Formatting_is_deterministic()
    {
        Assert.Equal(PolicyTableFormatter.Format(Policy, Point(SmallThenUnverifiedMiddle)), PolicyTableFormatter.Format(Policy, Point(SmallThenUnverifiedMiddle)));
    }

    [Fact]
    public void A_non_monotone_table_is_explained_in_one_line_and_a_monotone_one_is_not()
    {
        // Bin 0 accepts, bin 1 routes on: the shape that looks like a bug to a newcomer.
        var nonMonotone = PolicyTableBuilder.Build(Tiers, 0, (tier, _) => tier == 0, (_, _, bin) => bin == 1 ? TableAction.RouteTo(2) : TableAction.Accept);

        var explained = PolicyTableFormatter.Format(Policy, Point(nonMonotone));
        var plain = PolicyTableFormatter.Format(Policy, Point(SmallThenUnverifiedMiddle));

        Assert.Contains("\n" + PolicyTableFormatter.NonMonotoneNote + "\n", explained);
        Assert.Contains("need not be monotone", PolicyTableFormatter.NonMonotoneNote);
        Assert.DoesNotContain(PolicyTableFormatter.NonMonotoneNote, plain);
    }

    [Fact]
    public void A_skipped_first_tier_is_warned_about_with_a_true_text()
    {
        var diagnostics = Check(StartAtMiddle);

        var skipped = Assert.Single(diagnostics);
        Assert.Equal("AMX0102", skipped.Id);
        Assert.Equal(PolicyDiagnosticSeverity.Warning, skipped.Severity);
        Assert.Equal("Tier 't0' is never called: the table starts at tier 't1'; under this model its answers are not worth their cost", skipped.Message);
    }

    [Fact]
    public void A_tier_no_decision_routes_to_is_never_called_and_a_verified_tier_that_never_verifies_is_reported()
    {
        var diagnostics = Check(SmallThenUnverifiedMiddle);

        Assert.Equal(new[] { "AMX0105", "AMX0102" }, diagnostics.Select(d => d.Id));
        Assert.Equal("Tier 't1' answers without verification: its verifier is never called", diagnostics[0].Message);
        Assert.Equal(PolicyDiagnosticSeverity.Info, diagnostics[0].Severity);
        Assert.Equal("Tier 't2' is never called: no decision of the solved policy routes to it (it is called only as the fallback when an earlier tier fails)", diagnostics[1].Message);
    }

    [Fact]
    public void A_verifier_whose_every_bin_accepts_is_named_as_waste_when_a_tier_is_never_called()
    {
        var acceptsEverything = PolicyTableBuilder.Build(Tiers, (_, _, _) => TableAction.Accept);

        var diagnostics = Check(acceptsEverything);

        Assert.Equal(new[] { "AMX0102", "AMX0102" }, diagnostics.Select(d => d.Id));
        Assert.Equal("Tier 't1' is never called: no decision of the solved policy routes to it; the verifier of 't0' still runs although every bin accepts", diagnostics[0].Message);
        Assert.EndsWith("(it is called only as the fallback when an earlier tier fails)", diagnostics[1].Message);
    }

    [Fact]
    public void A_table_that_calls_and_verifies_every_tier_has_no_tier_diagnostic()
    {
        var full = PolicyTableBuilder.Build(Tiers, (tier, _, bin) => bin == 0 ? TableAction.RouteTo(tier + 1) : TableAction.Accept);

        Assert.Empty(Check(full));
    }

    private static List<PolicyDiagnostic> Check(PolicyTable table)
    {
        var diagnostics = new List<PolicyDiagnostic>();
        PolicyCompiler.CheckReachability(Policy, table, "test.automix.yaml", diagnostics);
        return diagnostics;
    }
}
