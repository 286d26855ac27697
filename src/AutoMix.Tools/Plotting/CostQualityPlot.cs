using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace AutoMix.Tools.Plotting;

/// <summary>
/// A cost–quality scatter/line chart as standalone SVG: axes with ticks and labels, a title, and a legend.
/// Written by hand because the package mirror has no plotting library (ScottPlot and the like are absent);
/// SVG is plain XML, so <see cref="XDocument"/> does the escaping.
/// </summary>
public static class CostQualityPlot
{
    private const double Width = 760;
    private const double Height = 500;
    private const double Left = 70;
    private const double Right = 230;
    private const double Top = 50;
    private const double Bottom = 60;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Render(string title, string costLabel, string qualityLabel, IReadOnlyList<PlotSeries> series)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Cost) && double.IsFinite(p.Quality)).ToList();
        if (points.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: every series is empty.", nameof(series));
        }

        var (xMin, xMax, xStep) = NiceRange(points.Min(p => p.Cost), points.Max(p => p.Cost));
        var (yMin, yMax, yStep) = NiceRange(points.Min(p => p.Quality), points.Max(p => p.Quality));
        double X(double cost) => Left + ((cost - xMin) / (xMax - xMin) * (Width - Left - Right));
        double Y(double quality) => Height - Bottom - ((quality - yMin) / (yMax - yMin) * (Height - Top - Bottom));

        var root = new XElement(Svg + "svg",
            new XAttribute("width", F(Width)), new XAttribute("height", F(Height)),
            new XAttribute("viewBox", $"0 0 {F(Width)} {F(Height)}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", "12"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")),
            Text(Width / 2 - (Right / 2), 28, title, "middle", 16, bold: true));

        // Grid, ticks and tick labels.
        for (var x = xMin; x <= xMax + (xStep / 2); x += xStep)
        {
            root.Add(Line(X(x), Top, X(x), Height - Bottom, "#e5e5e5"));
            root.Add(Text(X(x), Height - Bottom + 18, Tick(x, xStep), "middle", 11));
        }

        for (var y = yMin; y <= yMax + (yStep / 2); y += yStep)
        {
            root.Add(Line(Left, Y(y), Width - Right, Y(y), "#e5e5e5"));
            root.Add(Text(Left - 8, Y(y) + 4, Tick(y, yStep), "end", 11));
        }

        root.Add(Line(Left, Height - Bottom, Width - Right, Height - Bottom, "black"));
        root.Add(Line(Left, Top, Left, Height - Bottom, "black"));
        root.Add(Text((Left + Width - Right) / 2, Height - 18, costLabel, "middle", 13));
        var yLabel = Text(18, (Top + Height - Bottom) / 2, qualityLabel, "middle", 13);
        yLabel.Add(new XAttribute("transform", $"rotate(-90 18 {F((Top + Height - Bottom) / 2)})"));
        root.Add(yLabel);

        var legendY = Top + 10;
        foreach (var s in series)
        {
            var finite = s.Points.Where(p => double.IsFinite(p.Cost) && double.IsFinite(p.Quality)).ToList();
            if (s.Style == SeriesStyle.Line && finite.Count > 1)
            {
                root.Add(new XElement(Svg + "polyline",
                    new XAttribute("points", string.Join(" ", finite.OrderBy(p => p.Cost).Select(p => F(X(p.Cost)) + "," + F(Y(p.Quality))))),
                    new XAttribute("fill", "none"), new XAttribute("stroke", s.Color), new XAttribute("stroke-width", "2")));
            }

            var radius = s.Style == SeriesStyle.Highlight ? 7 : 4;
            foreach (var p in finite)
            {
                root.Add(new XElement(Svg + "circle",
                    new XAttribute("cx", F(X(p.Cost))), new XAttribute("cy", F(Y(p.Quality))), new XAttribute("r", radius),
                    new XAttribute("fill", s.Style == SeriesStyle.Highlight ? "none" : s.Color),
                    new XAttribute("stroke", s.Color), new XAttribute("stroke-width", s.Style == SeriesStyle.Highlight ? "3" : "1"),
                    new XElement(Svg + "title", $"{s.Name}: cost {F(p.Cost)}, quality {F(p.Quality)}")));
            }

            var legendX = Width - Right + 20;
            root.Add(new XElement(Svg + "circle", new XAttribute("cx", F(legendX)), new XAttribute("cy", F(legendY - 4)), new XAttribute("r", 5),
                new XAttribute("fill", s.Style == SeriesStyle.Highlight ? "none" : s.Color), new XAttribute("stroke", s.Color), new XAttribute("stroke-width", "2")));
            root.Add(Text(legendX + 12, legendY, s.Name, "start", 12));
            legendY += 20;
        }

        // Serialised by hand after the declaration: an XDocument saved to a string claims UTF-16.
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + root.ToString() + "\n";
    }

    /// <summary>Axis bounds rounded outward to a 1-2-5 step with about five ticks.</summary>
    internal static (double Min, double Max, double Step) NiceRange(double min, double max)
    {
        if (max - min < 1e-12)
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            min -= pad;
            max += pad;
        }

        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        // The epsilon keeps 0.6 / 0.05 = 11.999… from dropping a whole step.
        return (Math.Floor((min / step) + 1e-9) * step, Math.Ceiling((max / step) - 1e-9) * step, step);
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke) =>
        new(Svg + "line", new XAttribute("x1", F(x1)), new XAttribute("y1", F(y1)), new XAttribute("x2", F(x2)), new XAttribute("y2", F(y2)), new XAttribute("stroke", stroke));

    private static XElement Text(double x, double y, string text, string anchor, int size, bool bold = false)
    {
        var element = new XElement(Svg + "text", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("text-anchor", anchor), new XAttribute("font-size", size), text);
        if (bold)
        {
            element.Add(new XAttribute("font-weight", "bold"));
        }

        return element;
    }

    private static string Tick(double value, double step) =>
        value.ToString(step >= 1 ? "0" : step >= 0.1 ? "0.0" : step >= 0.01 ? "0.00" : "0.000", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
