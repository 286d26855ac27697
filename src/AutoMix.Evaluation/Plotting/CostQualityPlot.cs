using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace AutoMix.Evaluation.Plotting;

/// <summary>
/// A cost–quality chart as standalone SVG, drawn by ScottPlot: the series, axes with their labels, a title and a
/// legend beside the data. Every label is measured with the embedded font (<see cref="EmbeddedPlotFont"/>), and a
/// title too wide for the canvas is wrapped, so no text leaves the picture.
/// </summary>
public static class CostQualityPlot
{
    public const int Width = 760;
    public const int Height = 500;

    /// <summary>Space kept between the title and the canvas edge.</summary>
    private const double TitleMargin = 12;

    /// <summary>Padding around the axis labels (ScottPlot's default is 2 px).</summary>
    private const float AxisLabelMargin = 6;

    public static string Render(string title, string costLabel, string qualityLabel, IReadOnlyList<PlotSeries> series)
    {
        var drawn = series
            .Select(s => s with { Points = s.Points.Where(p => double.IsFinite(p.Cost) && double.IsFinite(p.Quality)).ToList() })
            .Where(s => s.Points.Count > 0)
            .ToList();
        if (drawn.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: every series is empty.", nameof(series));
        }

        EmbeddedPlotFont.EnsureRegistered();
        using var plot = new Plot();
        plot.Font.Set(EmbeddedPlotFont.Name);
        foreach (var s in drawn)
        {
            Add(plot, s);
        }

        plot.XLabel(costLabel);
        plot.YLabel(qualityLabel);
        plot.Title(title);
        // Regular weight throughout: only the regular face is embedded, and a bold face the viewer substitutes would be wider than measured.
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.ShowLegend(Edge.Right);
        // ScottPlot draws the axis labels 2 px from the canvas edge, where an ascender can touch it: keep them further in.
        foreach (var axis in new[] { plot.Axes.Left, (IAxis)plot.Axes.Bottom }.OfType<ScottPlot.AxisPanels.AxisBase>())
        {
            axis.PaddingOutsideAxisLabels = new PixelPadding(AxisLabelMargin);
        }

        var svg = plot.GetSvgXml(Width, Height);

        // ScottPlot centres the title over the data area, which the legend pushes left: wrap it to what fits around that centre.
        var centre = plot.RenderManager.LastRender.DataRect.HorizontalCenter;
        var room = (2 * Math.Min(centre, Width - centre)) - (2 * TitleMargin);
        var lines = TitleLines.Wrap(title, room, text => Measure(plot, text));
        if (lines.Count > 1)
        {
            plot.Title(string.Join("\n", lines));
            svg = plot.GetSvgXml(Width, Height);
        }

        return svg;
    }

    private static void Add(Plot plot, PlotSeries series)
    {
        var color = Color.FromHex(series.Color);
        var ordered = series.Points.OrderBy(p => p.Cost).ToArray();
        var xs = ordered.Select(p => p.Cost).ToArray();
        var ys = ordered.Select(p => p.Quality).ToArray();
        switch (series.Style)
        {
            case SeriesStyle.Line:
                var line = plot.Add.Scatter(xs, ys, color);
                line.LineWidth = 2;
                line.MarkerSize = 6;
                line.LegendText = series.Name;
                break;
            case SeriesStyle.Highlight:
                var highlight = plot.Add.Markers(xs, ys, MarkerShape.OpenCircle, 16, color);
                highlight.MarkerLineWidth = 3;
                highlight.LegendText = series.Name;
                break;
            default:
                var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, color);
                markers.LegendText = series.Name;
                break;
        }
    }

    /// <summary>Width in pixels of one line of title text, as ScottPlot will draw it.</summary>
    private static double Measure(Plot plot, string text)
    {
        var label = plot.Axes.Title.Label;
        var saved = label.Text;
        label.Text = text;
        using var paint = Paint.NewDisposablePaint();
        var width = label.Measure(paint).Width;
        label.Text = saved;
        return width;
    }
}
