using System.IO;
using ScottPlot;
using SkiaSharp;

namespace AutoMix.Evaluation.Plotting;

/// <summary>
/// DejaVu Sans, embedded in this assembly and handed to ScottPlot by name. Without it, SkiaSharp's font-free native
/// assets find no font on a machine without fonts (a slim container) and ScottPlot silently drops every label; with it,
/// text is measured the same way on every machine, so the same report gives the same SVG.
/// </summary>
internal sealed class EmbeddedPlotFont : IFontResolver
{
    /// <summary>The font's own family name, so an SVG viewer that has DejaVu Sans draws exactly what was measured.</summary>
    public const string Name = "DejaVu Sans";

    private static readonly SKData Data = Load();

    static EmbeddedPlotFont() => Fonts.FontResolvers.Insert(0, new EmbeddedPlotFont());

    private EmbeddedPlotFont()
    {
    }

    /// <summary>Registers the font with ScottPlot (once per process; the static constructor does it).</summary>
    public static void EnsureRegistered()
    {
    }

    // Only the regular face is embedded: the plot sets every label to regular weight, so nothing asks for bold.
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == Name ? Typeface() : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, bold: false, italic: false);

    /// <summary>A new typeface of the embedded font (ScottPlot owns what the resolver returns).</summary>
    internal static SKTypeface Typeface() => SKTypeface.FromData(Data);

    private static SKData Load()
    {
        using var stream = typeof(EmbeddedPlotFont).Assembly.GetManifestResourceStream("AutoMix.Evaluation.Plotting.DejaVuSans.ttf")
            ?? throw new FileNotFoundException("The embedded plot font AutoMix.Evaluation.Plotting.DejaVuSans.ttf is missing from the assembly.");
        return SKData.Create(stream);
    }
}
