using AutoMix.Cli.Evaluation;
using Xunit;

namespace AutoMix.Cli.Tests;

public class ReportNumbersTests
{
    [Theory]
    [InlineData(1, 11, "11.000")]
    [InlineData(1, 8.76981, "8.770")]
    [InlineData(1, 24.3, "24.300")]
    [InlineData(0.000123, 0.0045, "0.0045000")]
    [InlineData(0.05, 1.25, "1.25000")]
    public void Every_cost_of_a_report_gets_the_decimals_that_show_four_digits_of_the_cheapest(double cheapest, double cost, string text)
    {
        Assert.Equal(text, ReportNumbers.ForCheapest(cheapest).Cost(cost));
    }

    [Fact]
    public void Distinct_lambdas_never_print_alike()
    {
        var values = new[] { 0, 5.0464682937507086e-18, 0.00026974448290625284, 0.0002911995344513092, 0.0203, 0.02047, 0.020471, double.PositiveInfinity };

        var texts = ReportNumbers.Lambdas(values);

        Assert.Equal(values.Length, texts.Distinct().Count());
        Assert.Equal("0", texts[0]);
        Assert.Equal("∞", texts[^1]);
        Assert.Equal("0.0203", texts[4]);
    }

    [Fact]
    public void Lambdas_keep_three_significant_digits_when_those_tell_them_apart()
    {
        Assert.Equal(new[] { "0.00235", "0.0103", "∞" }, ReportNumbers.Lambdas(new[] { 0.0023456, 0.010321, double.PositiveInfinity }));
    }
}
