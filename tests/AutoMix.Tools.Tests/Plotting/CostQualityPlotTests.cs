using System.Xml.Linq;
using AutoMix.Tools.Plotting;
using Xunit;

namespace AutoMix.Tools.Tests.Plotting;

public class CostQualityPlotTests
{
    [Fact]
    public void Writes_valid_svg_with_axes_legend_and_every_point()
    {
        var svg = CostQualityPlot.Render("mmlu: llama3.1-8b -> llama3.1-70b", "cost per query", "accuracy", new[]
        {
            new PlotSeries("lambda frontier", new[] { (2.0, 0.61), (9.5, 0.70), (30.0, 0.74) }, SeriesStyle.Line, "#1f77b4"),
            new PlotSeries("always-small & large", new[] { (1.0, 0.6), (50.0, 0.75) }, SeriesStyle.Markers, "#7f7f7f"),
            new PlotSeries("chosen (max-ibc)", new[] { (9.5, 0.70) }, SeriesStyle.Highlight, "#d62728"),
        });

        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = document.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("cost per query", texts);
        Assert.Contains("accuracy", texts);
        Assert.Contains("lambda frontier", texts);
        Assert.Contains("chosen (max-ibc)", texts);
        Assert.Contains("mmlu: llama3.1-8b -> llama3.1-70b", texts);
        Assert.Equal(6 + 3, document.Descendants(ns + "circle").Count()); // six points plus three legend markers
        Assert.Single(document.Descendants(ns + "polyline"));
    }

    [Theory]
    [InlineData(0.61, 0.74, 0.6, 0.75, 0.05)]
    [InlineData(1, 50, 0, 50, 10)]
    [InlineData(5, 5, 4.4, 5.6, 0.2)]
    public void Axis_ranges_round_outward_to_1_2_5_steps(double min, double max, double lo, double hi, double step)
    {
        var (a, b, s) = CostQualityPlot.NiceRange(min, max);
        Assert.Equal(lo, a, 9);
        Assert.Equal(hi, b, 9);
        Assert.Equal(step, s, 9);
    }

    [Fact]
    public void Refuses_an_empty_plot()
    {
        Assert.Throws<ArgumentException>(() => CostQualityPlot.Render("t", "x", "y", new[] { new PlotSeries("none", Array.Empty<(double, double)>(), SeriesStyle.Line, "red") }));
    }
}
