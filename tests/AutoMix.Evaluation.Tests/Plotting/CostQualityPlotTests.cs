using System.Xml.Linq;
using AutoMix.Testing.Svg;
using AutoMix.Evaluation.Plotting;
using Xunit;

namespace AutoMix.Evaluation.Tests.Plotting;

public class CostQualityPlotTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static PlotSeries[] Series(string frontierName = "lambda frontier") => new[]
    {
        new PlotSeries(frontierName, new[] { (2.0, 0.61), (9.5, 0.70), (30.0, 0.74) }, SeriesStyle.Line, "#1f77b4"),
        new PlotSeries("always-small & large", new[] { (1.0, 0.6), (50.0, 0.75) }, SeriesStyle.Markers, "#7f7f7f"),
        new PlotSeries("chosen (max-ibc)", new[] { (9.5, 0.70) }, SeriesStyle.Highlight, "#d62728"),
    };

    private static List<string> Texts(XDocument svg) => SvgTextExtents.Of(svg).Select(t => t.Text).ToList();

    [Fact]
    public void Writes_valid_svg_with_title_axis_labels_and_a_legend_entry_per_series()
    {
        var svg = XDocument.Parse(CostQualityPlot.Render("mmlu: llama3.1-8b -> llama3.1-70b", "cost per query", "accuracy", Series()));

        Assert.Equal(Ns + "svg", svg.Root!.Name);
        Assert.Equal((CostQualityPlot.Width, CostQualityPlot.Height), SvgTextExtents.Canvas(svg));
        var texts = Texts(svg);
        Assert.Contains("mmlu: llama3.1-8b -> llama3.1-70b", texts);
        Assert.Contains("cost per query", texts);
        Assert.Contains("accuracy", texts);
        Assert.Contains("lambda frontier", texts);
        Assert.Contains("always-small & large", texts);
        Assert.Contains("chosen (max-ibc)", texts);
        // Six data points and a marker per legend entry, drawn as ellipses.
        Assert.True(svg.Descendants(Ns + "ellipse").Count() >= 6);
    }

    public static TheoryData<string, string> Titles => new()
    {
        { "triviaqa-llama8b-70b-405b: cost vs quality (1000 queries)", "λ-frontier (replayed)" },
        { "a-policy-name-that-nobody-would-ever-type-but-someone-did-anyway: cost vs quality (123456 queries)", "best threshold 0.389" },
        { "Supercalifragilisticexpialidocious_Supercalifragilisticexpialidocious_Supercalifragilisticexpialidocious", "x" },
        { "t", "a legend entry that is rather long for a legend" },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public void No_text_leaves_the_canvas(string title, string frontierName)
    {
        var svg = XDocument.Parse(CostQualityPlot.Render(title, "cost per query", "quality", Series(frontierName)));

        var (width, height) = SvgTextExtents.Canvas(svg);
        var extents = SvgTextExtents.Of(svg);
        Assert.NotEmpty(extents);
        foreach (var text in extents)
        {
            Assert.True(
                text.Left >= 0 && text.Top >= 0 && text.Right <= width && text.Bottom <= height,
                $"'{text.Text}' spans x {text.Left:0.#}..{text.Right:0.#}, y {text.Top:0.#}..{text.Bottom:0.#} on a {width}x{height} canvas.");
        }
    }

    [Fact]
    public void A_title_too_wide_for_the_canvas_is_wrapped_at_spaces_keeping_every_word()
    {
        const string title = "a-policy-name-that-nobody-would-ever-type-but-someone-did-anyway: cost vs quality (123456 queries)";

        var svg = XDocument.Parse(CostQualityPlot.Render(title, "cost per query", "quality", Series()));

        var lines = Texts(svg).Where(t => title.Contains(t, StringComparison.Ordinal) && t.Length > 10).ToList();
        Assert.True(lines.Count > 1, "expected the title on more than one line: " + string.Join(" | ", lines));
        Assert.Equal(title, string.Join(" ", lines));
    }

    [Fact]
    public void Wrapping_cuts_a_word_wider_than_a_line_and_keeps_the_rest_whole()
    {
        var lines = TitleLines.Wrap("abcdefghij kl mn", 5, text => text.Length);

        Assert.Equal(new[] { "abcde", "fghij", "kl mn" }, lines);
    }

    [Fact]
    public void The_embedded_font_loads_without_any_installed_font()
    {
        // The resolver reads the font from this assembly, never from the machine.
        using var typeface = EmbeddedPlotFont.Typeface();

        Assert.Equal(EmbeddedPlotFont.Name, typeface.FamilyName);
        Assert.True(typeface.GlyphCount > 1000);
    }

    [Fact]
    public void Refuses_an_empty_plot()
    {
        Assert.Throws<ArgumentException>(() => CostQualityPlot.Render("t", "x", "y", new[] { new PlotSeries("none", Array.Empty<(double, double)>(), SeriesStyle.Line, "red") }));
    }
}
