using System.Collections.Generic;

namespace AutoMix.Evaluation.Plotting;

/// <summary>How a series is drawn: a polyline through its points, markers only, or one highlighted marker.</summary>
public enum SeriesStyle
{
    Line,
    Markers,
    Highlight,
}

/// <summary>A named set of (cost, quality) points.</summary>
public sealed record PlotSeries(string Name, IReadOnlyList<(double Cost, double Quality)> Points, SeriesStyle Style, string Color);
