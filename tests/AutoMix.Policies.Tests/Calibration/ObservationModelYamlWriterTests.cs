using System.Globalization;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using Xunit;

namespace AutoMix.Policies.Tests.Calibration;

public class ObservationModelYamlWriterTests
{
    private static PolicyDocument Policy() => TinyData.Pair(ObservationBinning.Equal(3));

    private static ObservationModel Model(params (string Name, double Prior, double[] Performance, double[] Row)[] states) => new(
        new EquatableArray<HiddenState>(states.Select(s => new HiddenState(
            s.Name, s.Prior, new EquatableArray<double>(s.Performance),
            new EquatableArray<ObservationRow>(new[] { new ObservationRow("small", new EquatableArray<double>(s.Row)) }), SourceSpan.None)).ToArray()),
        new Provenance("runs \"a\".jsonl", 3, "sha256:ff", "2026-11-21", "tool", "line1\nline2"),
        SourceSpan.None);

    [Fact]
    public void Writes_the_model_section()
    {
        var model = Model(
            ("small=1,large=1", 2.0 / 3, new[] { 1.0, 0.95 }, new[] { 0.1, 0.2, 0.7 }),
            ("small=0,large=1", 1.0 / 3, new[] { 0.0, 1.0 }, new[] { 0.5, 0.25, 0.25 }));

        var yaml = ObservationModelYamlWriter.Write(model, Policy());

        Assert.Equal("""
            model:
              states:
                - name: "small=1,large=1"
                  prior: 0.666667
                  performance: [1, 0.95]  # small, large
                  observations:
                    small: [0.1, 0.2, 0.7]
                - name: "small=0,large=1"
                  prior: 0.333333
                  performance: [0, 1]  # small, large
                  observations:
                    small: [0.5, 0.25, 0.25]
              provenance:
                data: "runs \"a\".jsonl"
                rows: 3
                hash: "sha256:ff"
                date: "2026-11-21"
                tool: "tool"
                notes: "line1\nline2"

            """.Replace("\r\n", "\n"), yaml);
    }

    [Fact]
    public void Rounded_rows_still_sum_to_one_and_culture_does_not_matter()
    {
        var previous = CultureInfo.CurrentCulture;
        // Globalization is invariant in this repository, so fake a comma-decimal culture.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = comma;
        try
        {
            var random = new Random(7);
            var row = Enumerable.Range(0, 9).Select(_ => random.NextDouble() + 1e-6).ToArray();
            var sum = row.Sum();
            row = row.Select(p => p / sum).ToArray();

            var text = ObservationModelYamlWriter.RoundedDistribution(row);
            var parsed = text.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, parsed.Sum(), 9);
            Assert.All(text, t => Assert.DoesNotContain(",", t, StringComparison.Ordinal));
            Assert.All(text, t => Assert.DoesNotContain("E", t, StringComparison.OrdinalIgnoreCase));
            for (var i = 0; i < row.Length; i++)
            {
                Assert.Equal(row[i], parsed[i], 6);
            }

            Assert.Equal("0.0000123457", ObservationModelYamlWriter.Number(0.0000123456789));
            Assert.Equal("123457", ObservationModelYamlWriter.Number(123456.789));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Missing_row_or_wrong_performance_length_is_an_error()
    {
        var model = Model(("s", 1, new[] { 1.0 }, new[] { 1.0 / 3, 1.0 / 3, 1.0 / 3 }));
        Assert.Contains("1 performance values but the policy has 2 tiers", Assert.Throws<ArgumentException>(() => ObservationModelYamlWriter.Write(model, Policy())).Message, StringComparison.Ordinal);

        var noRow = new ObservationModel(new EquatableArray<HiddenState>(new[] { new HiddenState("s", 1, new EquatableArray<double>(new[] { 1.0, 1.0 }), EquatableArray<ObservationRow>.Empty, SourceSpan.None) }), null, SourceSpan.None);
        Assert.Contains("no observation row for verified tier 'small'", Assert.Throws<ArgumentException>(() => ObservationModelYamlWriter.Write(noRow, Policy())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrated_real_model_writes_rows_that_sum_to_one()
    {
        var experiment = Experiments.Experiment.RationalCascades("triviaqa", new[] { 1.0, 10, 50 }, "llama3.1-8b", "llama3.1-70b", "llama3.1-405b");
        var policy = experiment.Policy(8);
        var model = ObservationModelCalibrator.Calibrate(policy, experiment.Train, experiment.TierMap, CalibrationOptions.Default with { Smoothing = ObservationSmoothing.KernelDensity }).Model;
        var yaml = ObservationModelYamlWriter.Write(model, policy);

        var rows = yaml.Split('\n').Where(l => l.TrimStart().StartsWith("t0: [", StringComparison.Ordinal) || l.TrimStart().StartsWith("t1: [", StringComparison.Ordinal)).ToList();
        Assert.Equal(model.States.Count * 2, rows.Count);
        foreach (var line in rows)
        {
            var numbers = line[(line.IndexOf('[') + 1)..line.IndexOf(']')].Split(", ").Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(8, numbers.Length);
            Assert.True(Math.Abs(numbers.Sum() - 1) < 1e-6);
            Assert.All(numbers, p => Assert.True(p > 0));
        }

        var priors = yaml.Split('\n').Where(l => l.TrimStart().StartsWith("prior: ", StringComparison.Ordinal)).Select(l => double.Parse(l.Trim()[7..], CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(priors.Sum() - 1) < 1e-6);
    }
}

/// <summary>Reads the written section back with YamlDotNet's representation model, independent of the policy parser.</summary>
public class ObservationModelYamlRoundTripTests
{
    [Fact]
    public void Written_yaml_reads_back_to_the_same_model_within_rounding()
    {
        var experiment = Experiments.Experiment.MotCascade("gsm8k", new[] { 1.0, 50 }, "llama-2-13b", "gpt-4");
        var policy = experiment.Policy(8);
        var model = ObservationModelCalibrator.Calibrate(policy, experiment.Train, experiment.TierMap,
            CalibrationOptions.Default with { DataName = "mot-cascade/gsm8k.jsonl", DataHash = "00ff", Notes = "a: \"quoted\" note" }).Model;

        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(ObservationModelYamlWriter.Write(model, policy)));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents.Single().RootNode;
        var section = (YamlDotNet.RepresentationModel.YamlMappingNode)root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("model")];
        var states = (YamlDotNet.RepresentationModel.YamlSequenceNode)section["states"];

        Assert.Equal(model.States.Count, states.Children.Count);
        for (var s = 0; s < model.States.Count; s++)
        {
            var expected = model.States[s];
            var node = (YamlDotNet.RepresentationModel.YamlMappingNode)states.Children[s];
            Assert.Equal(expected.Name, Scalar(node["name"]));
            Assert.Equal(expected.Prior, Number(node["prior"]), 6);
            Assert.Equal(expected.Performance.ToArray(), Numbers(node["performance"]), new Tolerance(5e-6));
            var observations = (YamlDotNet.RepresentationModel.YamlMappingNode)node["observations"];
            var row = Numbers(observations["small"]);
            // Each entry is off by at most half a unit in the 6th digit; the largest absorbs the others' errors.
            Assert.Equal(expected.Observations[0].Probabilities.ToArray(), row, new Tolerance(row.Length * 5e-7));
            Assert.True(Math.Abs(row.Sum() - 1) < 1e-9);
        }

        var provenance = (YamlDotNet.RepresentationModel.YamlMappingNode)section["provenance"];
        Assert.Equal("mot-cascade/gsm8k.jsonl", Scalar(provenance["data"]));
        Assert.Equal("200", Scalar(provenance["rows"]));
        Assert.Equal("sha256:00ff", Scalar(provenance["hash"]));
        Assert.Equal("a: \"quoted\" note", Scalar(provenance["notes"]));
    }

    private static string Scalar(YamlDotNet.RepresentationModel.YamlNode node) => ((YamlDotNet.RepresentationModel.YamlScalarNode)node).Value!;

    private static double Number(YamlDotNet.RepresentationModel.YamlNode node) => double.Parse(Scalar(node), CultureInfo.InvariantCulture);

    private static double[] Numbers(YamlDotNet.RepresentationModel.YamlNode node) =>
        ((YamlDotNet.RepresentationModel.YamlSequenceNode)node).Children.Select(Number).ToArray();

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
