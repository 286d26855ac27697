using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>
/// One mistake, one error: checks that depend on a value already reported as wrong are skipped, so the user
/// sees the cause and not a list of consequences (rows checked against a bin count they never wrote, a model
/// checked against a tier list that is itself the error).
/// </summary>
public class FollowOnErrorTests
{
    [Theory]
    [InlineData("samples: 0", "AMX0018")]   // an invalid value
    [InlineData("samples: \"2\"", "AMX0004")] // a quoted number
    [InlineData("samles: 2", "AMX0002")]    // a misspelt key, which would leave the default of 8 samples (9 bins)
    public void A_wrong_samples_is_reported_once_without_row_length_errors(string samples, string id)
    {
        var result = Parse(Valid.ReplaceOnce("samples: 2", samples));

        Assert.Equal(id, Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Removing_a_tier_is_one_error_at_the_tier_list()
    {
        var result = Parse(Valid.ReplaceOnce("  - name: large\n    model: m-large\n    cost: 10\n", string.Empty));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("AMX0008", diagnostic.Id);
        Assert.Equal("A cascade needs at least two tiers, but 1 tier is defined", diagnostic.Message);
    }

    [Fact]
    public void A_row_length_error_says_where_the_bin_count_comes_from()
    {
        var result = Parse(Valid.ReplaceOnce("      samples: 2\n", string.Empty));

        Assert.All(result.Diagnostics, d => Assert.Equal("AMX0012", d.Id));
        Assert.Contains(
            "has 3 entries, but the tier has 9 observation bins (9 = samples + 1, with samples at its default of 8): give one probability per bin, or rerun 'automix calibrate'",
            result.Diagnostics[0].Message,
            StringComparison.Ordinal);
    }
}
