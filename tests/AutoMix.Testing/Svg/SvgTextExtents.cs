using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace AutoMix.Testing.Svg;

/// <summary>Where one text element of an SVG is drawn: its content and a box that surely contains its glyphs.</summary>
/// <param name="Text">The text, trimmed.</param>
/// <param name="Left">Smallest x of the box, in canvas units.</param>
/// <param name="Top">Smallest y of the box.</param>
/// <param name="Right">Largest x of the box.</param>
/// <param name="Bottom">Largest y of the box.</param>
public sealed record SvgTextExtent(string Text, double Left, double Top, double Right, double Bottom);

/// <summary>
/// Estimates, without a font, the box each text of an SVG covers, from its position, font size, anchor and
/// transform. The estimate is generous: a glyph is taken to be as wide as the font size (when the SVG gives each
/// glyph's position, only the last one is estimated), ascenders reach 1 font size above the baseline and descenders
/// 0.3 below it. So a text whose box fits the canvas is certainly drawn inside it.
/// </summary>
public static class SvgTextExtents
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>The canvas size: the viewBox, or else width and height.</summary>
    public static (double Width, double Height) Canvas(XDocument svg)
    {
        var root = svg.Root ?? throw new ArgumentException("The SVG has no root element.", nameof(svg));
        if (root.Attribute("viewBox") is { } viewBox)
        {
            var box = Numbers(viewBox.Value);
            return (box[2], box[3]);
        }

        return (Number(root.Attribute("width")!.Value), Number(root.Attribute("height")!.Value));
    }

    /// <summary>Every non-blank text element of the SVG with its estimated box.</summary>
    public static IReadOnlyList<SvgTextExtent> Of(XDocument svg) =>
        svg.Descendants(Ns + "text").Where(t => t.Value.Trim().Length > 0).Select(Extent).ToList();

    private static SvgTextExtent Extent(XElement text)
    {
        var content = text.Value.Trim();
        var size = Number(Inherited(text, "font-size") ?? "16");
        var xs = Numbers(text.Attribute("x")?.Value ?? "0");
        var y = Numbers(text.Attribute("y")?.Value ?? "0")[0];

        double left, right;
        if (xs.Length > 1)
        {
            // One position per glyph: the text ends one glyph after the last position.
            (left, right) = (xs.Min(), xs.Max() + size);
        }
        else
        {
            var width = content.Length * size;
            var shift = (Inherited(text, "text-anchor") ?? "start") switch
            {
                "middle" => width / 2,
                "end" => width,
                _ => 0,
            };
            (left, right) = (xs[0] - shift, xs[0] - shift + width);
        }

        var corners = new[] { (left, y - size), (right, y - size), (left, y + (0.3 * size)), (right, y + (0.3 * size)) }
            .Select(p => Transform(text, p)).ToList();
        return new SvgTextExtent(content, corners.Min(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.X), corners.Max(c => c.Y));
    }

    /// <summary>Applies the transforms of the element and its ancestors (translate, rotate about the origin, matrix).</summary>
    private static (double X, double Y) Transform(XElement element, (double X, double Y) point)
    {
        for (var e = element; e is not null; e = e.Parent)
        {
            if (e.Attribute("transform")?.Value is not { } transform)
            {
                continue;
            }

            foreach (var (name, args) in Parse(transform).Reverse())
            {
                point = name switch
                {
                    "translate" => (point.X + args[0], point.Y + (args.Length > 1 ? args[1] : 0)),
                    "matrix" => ((args[0] * point.X) + (args[2] * point.Y) + args[4], (args[1] * point.X) + (args[3] * point.Y) + args[5]),
                    "rotate" => Rotate(point, args),
                    _ => throw new NotSupportedException($"SVG transform '{name}' is not understood by the test."),
                };
            }
        }

        return point;
    }

    private static (double X, double Y) Rotate((double X, double Y) point, double[] args)
    {
        var (cx, cy) = args.Length == 3 ? (args[1], args[2]) : (0, 0);
        var angle = args[0] * Math.PI / 180;
        var (dx, dy) = (point.X - cx, point.Y - cy);
        return (cx + (dx * Math.Cos(angle)) - (dy * Math.Sin(angle)), cy + (dx * Math.Sin(angle)) + (dy * Math.Cos(angle)));
    }

    private static IEnumerable<(string Name, double[] Args)> Parse(string transform)
    {
        foreach (var part in transform.Split(')', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var open = part.IndexOf('(', StringComparison.Ordinal);
            yield return (part[..open].Trim(), Numbers(part[(open + 1)..]));
        }
    }

    private static string? Inherited(XElement element, string attribute)
    {
        for (var e = element; e is not null; e = e.Parent)
        {
            if (e.Attribute(attribute)?.Value is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static double[] Numbers(string text) =>
        text.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray();

    private static double Number(string text) => double.Parse(text.Replace("px", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
