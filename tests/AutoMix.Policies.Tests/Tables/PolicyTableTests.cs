using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;
using Xunit;

namespace AutoMix.Policies.Tests.Tables;

public class PolicyTableTests
{
    private static readonly TableTier[] ThreeTiers =
    {
        new("small", "s", 1, 1, 3),
        new("medium", "m", 10, 10, 3),
        new("large", "l", 50, 0, 0),
    };

    [Fact]
    public void Builder_numbers_nodes_breadth_first_and_supports_skipping()
    {
        // Bin 0 of small skips to large, bin 1 goes to medium, bin 2 accepts; medium routes its bin 0 on.
        var table = PolicyTableBuilder.Build(ThreeTiers, (tier, history, bin) =>
            tier == 0 ? bin switch { 0 => TableAction.RouteTo(2), 1 => TableAction.RouteTo(1), _ => TableAction.Accept }
                      : bin == 0 ? TableAction.RouteTo(2) : TableAction.Accept);

        table.Validate();
        Assert.Equal(new[] { 0, 2, 1, 2 }, table.NodeTier.ToArray());
        Assert.Equal(TableAction.RouteTo(2), table.ActionAt(0, 0));
        Assert.Equal(TableAction.RouteTo(1), table.ActionAt(0, 1));
        Assert.True(table.ActionAt(0, 2).IsAccept);
        Assert.Equal(new[] { (0, 1), (1, 0) }, table.HistoryOf(3));
    }

    [Fact]
    public void Tables_compare_by_value()
    {
        PolicyTable Make() => PolicyTableBuilder.Build(ThreeTiers, (_, _, _) => TableAction.Accept);
        Assert.Equal(Make(), Make());
        Assert.Equal(Make().GetHashCode(), Make().GetHashCode());
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.124, 1)]
    [InlineData(0.125, 1)]
    [InlineData(0.5, 4)]
    [InlineData(0.875, 7)]
    [InlineData(1.0, 8)]
    [InlineData(-0.5, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(1.5, 8)]
    public void Equal_bins_put_each_of_k_plus_one_sample_shares_in_its_own_bin(double confidence, int expected)
    {
        // k = 8 samples give confidences j/8; k+1 = 9 equal bins keep them apart.
        Assert.Equal(expected, ObservationBinning.Equal(9).BinOf(confidence));
    }
}
