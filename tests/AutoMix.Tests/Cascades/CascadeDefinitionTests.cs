using AutoMix.Policies.Tables;
using AutoMix.Tests.Fakes;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Cascades;

public class CascadeDefinitionTests
{
    [Fact]
    public void Table_with_a_different_tier_count_is_rejected()
    {
        var tiers = TwoTiers();
        var threeTierTable = Threshold(ThreeTiers(), 3);
        var ex = Assert.Throws<ArgumentException>(() => Definition(tiers, threeTierTable));
        Assert.Contains("3 tiers but the cascade has 2", ex.Message);
    }

    [Fact]
    public void Table_whose_bins_differ_from_the_verifier_binning_is_rejected()
    {
        var tiers = TwoTiers(samples: 4); // 5 bins
        var table = Threshold(TwoTiers(samples: 8), 5); // 9 bins
        var ex = Assert.Throws<ArgumentException>(() => Definition(tiers, table));
        Assert.Contains("9 bins but its verifier's binning has 5", ex.Message);
    }

    [Fact]
    public void Operating_point_tables_are_validated_too()
    {
        var tiers = TwoTiers(samples: 4);
        var ex = Assert.Throws<ArgumentException>(() => Definition(tiers, Threshold(tiers, 3), new Dictionary<string, PolicyTable> { ["cheap"] = Threshold(TwoTiers(samples: 2), 1) }));
        Assert.Contains("operating point 'cheap'", ex.Message);
    }

    [Fact]
    public void Final_tier_must_be_unverified_and_earlier_tiers_verified()
    {
        var verifiedFinal = new[] { new CascadeTier("a", "m", 1, Verifier()), new CascadeTier("b", "m", 2, Verifier()) };
        Assert.Contains("must not have a verifier", Assert.Throws<ArgumentException>(() => new CascadeDefinition("x", verifiedFinal, Threshold(TwoTiers(), 1))).Message);

        var unverifiedFirst = new[] { new CascadeTier("a", "m", 1, null), new CascadeTier("b", "m", 2, null) };
        Assert.Contains("needs a verifier", Assert.Throws<ArgumentException>(() => new CascadeDefinition("x", unverifiedFirst, Threshold(TwoTiers(), 1))).Message);
    }

    [Fact]
    public void Duplicate_tier_names_are_rejected()
    {
        var tiers = new[] { new CascadeTier("a", "m", 1, Verifier()), new CascadeTier("a", "m", 2, null) };
        Assert.Contains("used twice", Assert.Throws<ArgumentException>(() => new CascadeDefinition("x", tiers, Threshold(TwoTiers(), 1))).Message);
    }

    [Fact]
    public void Client_count_must_match_the_tiers()
    {
        var tiers = TwoTiers();
        var ex = Assert.Throws<ArgumentException>(() => new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { new FakeChatClient("s") }));
        Assert.Contains("2 tiers but 1 tier clients", ex.Message);
    }

    [Fact]
    public void Timeout_for_an_unknown_tier_is_rejected()
    {
        var tiers = TwoTiers();
        var options = new AutoMixCascadeOptions();
        options.TierTimeouts["tiny"] = TimeSpan.FromSeconds(1);
        var ex = Assert.Throws<ArgumentException>(() => new AutoMixCascade(Definition(tiers, Threshold(tiers, 3)), new[] { new FakeChatClient("s"), new FakeChatClient("l") }, options));
        Assert.Contains("'tiny'", ex.Message);
    }

    [Fact]
    public void Escalation_targets_prefer_the_next_tier_and_this_nodes_own_edge()
    {
        var tiers = ThreeTiers();

        // small: bin 0 skips to large, bin 1 goes to medium, else accept; medium: bin 0 -> large.
        var table = Table(tiers, (tier, bin) => tier == 0
            ? bin switch { 0 => TableAction.RouteTo(2), 1 => TableAction.RouteTo(1), _ => TableAction.Accept }
            : bin == 0 ? TableAction.RouteTo(2) : TableAction.Accept);
        var compiled = new CompiledTable("t", table, 3);
        Assert.Equal(1, compiled.EscalationTier[0]);
        Assert.Equal(table.Next(0, 1), compiled.EscalationNode[0]);

        // A table that never visits medium escalates straight to the final tier.
        var noMedium = Table(tiers, (tier, bin) => bin == 0 ? TableAction.RouteTo(2) : TableAction.Accept);
        var compiledNoMedium = new CompiledTable("t", noMedium, 3);
        Assert.Equal(2, compiledNoMedium.EscalationTier[0]);
    }
}
