using AutoMix.Policies.Calibration;
using Xunit;

namespace AutoMix.Policies.Tests.Calibration;

public class QuantileBinningTests
{
    [Fact]
    public void Edges_are_the_quantiles_of_uniform_values()
    {
        var values = Enumerable.Range(0, 101).Select(i => i / 100.0);
        var binning = QuantileBinning.FromConfidences(values, 4);
        Assert.Equal(new[] { 0.25, 0.5, 0.75 }, binning.InteriorEdges.ToArray().Select(e => Math.Round(e, 12)));
    }

    [Fact]
    public void Values_piled_up_near_one_get_fine_bins_there()
    {
        // 80% of the values above 0.99: equal-width bins would put them all in one bin.
        var values = Enumerable.Range(0, 80).Select(i => 0.99 + (i / 8000.0)).Concat(Enumerable.Range(0, 20).Select(i => i / 20.0)).ToList();
        var binning = QuantileBinning.FromConfidences(values, 5);
        var edges = binning.InteriorEdges.ToArray();
        Assert.Equal(4, edges.Length);
        Assert.True(edges.Skip(1).All(e => e > 0.99));
        var perBin = values.GroupBy(binning.BinOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perBin.Values, count => Assert.InRange(count, 15, 25));
    }

    [Fact]
    public void Ties_and_the_ends_are_deduplicated()
    {
        // Discrete shares: quantiles land on 0, 0.5 (several times) and 1; only 0.5 is a usable interior edge.
        var values = new[] { 0.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0, 1.0 };
        var binning = QuantileBinning.FromConfidences(values, 10);
        var edges = binning.InteriorEdges.ToArray();
        Assert.All(edges, e => Assert.InRange(e, double.Epsilon, 1 - 1e-12));
        Assert.Equal(edges.OrderBy(e => e).Distinct(), edges);
        Assert.Contains(0.5, edges);
        Assert.Equal(edges.Length + 1, binning.BinCount);
    }

    [Fact]
    public void Edges_are_rounded_so_they_survive_yaml()
    {
        var values = Enumerable.Range(0, 97).Select(i => Math.Sqrt(i / 97.0)).ToList();
        var binning = QuantileBinning.FromConfidences(values, 7);
        var written = ObservationModelYamlWriter.Edges(binning);
        var parsed = written.Trim('[', ']').Split(", ").Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(binning.InteriorEdges.ToArray(), parsed);
        Assert.Equal(6, binning.InteriorEdges.Count);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => QuantileBinning.FromConfidences(Array.Empty<double>(), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileBinning.FromConfidences(new[] { 0.5 }, 0));
        Assert.Equal(1, QuantileBinning.FromConfidences(new[] { 0.5 }, 1).BinCount);
    }
}
