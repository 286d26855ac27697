using AutoMix.Policies.Calibration;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Tests.Experiments;
using Xunit;

namespace AutoMix.Policies.Tests.Calibration;

/// <summary>Calibrate → write → replace the model section → parse again: the policy parser reads back what calibration wrote.</summary>
public class ParserRoundTripTests
{
    private static string SamplePolicy(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policies", name));

    private static PolicyDocument Parse(string text, string path)
    {
        var result = PolicyParser.Parse(text, path);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Document!;
    }

    [Theory]
    [InlineData(ObservationSmoothing.Laplace)]
    [InlineData(ObservationSmoothing.KernelDensity)]
    public void Calibrated_quickstart_parses_back_to_the_same_model(ObservationSmoothing smoothing)
    {
        var text = SamplePolicy("quickstart.automix.yaml");
        var policy = Parse(text, "quickstart.automix.yaml");
        var data = SharedData.Load("rational-cascades/mmlu.train.jsonl");
        var result = ObservationModelCalibrator.Calibrate(policy, data.Queries, TierModels.FromPolicy(policy),
            CalibrationOptions.Default with { Smoothing = smoothing, DataName = "rational-cascades/mmlu.train.jsonl", DataHash = data.Sha256, Date = "2026-11-21" });

        var edited = PolicyYamlEditor.ReplaceModelSection(text, ObservationModelYamlWriter.Write(result.Model, policy));
        var reparsed = Parse(edited, "quickstart.automix.yaml");

        // Everything before the model section is untouched, byte for byte.
        var modelLine = text.IndexOf("\nmodel:", StringComparison.Ordinal) + 1;
        Assert.Equal(text[..modelLine], edited[..modelLine]);

        var expected = result.Model.States;
        var actual = reparsed.Model!.States;
        Assert.Equal(expected.Count, actual.Count);
        for (var s = 0; s < expected.Count; s++)
        {
            Assert.Equal(expected[s].Name, actual[s].Name);
            Assert.Equal(expected[s].Prior, actual[s].Prior, 5);
            Assert.Equal(expected[s].Performance.ToArray(), actual[s].Performance.ToArray(), new Tolerance(5e-6));
            var row = actual[s].Observations.Single(r => r.Tier == "small").Probabilities.ToArray();
            Assert.Equal(expected[s].Observations[0].Probabilities.ToArray(), row, new Tolerance(row.Length * 5e-7));
        }

        Assert.Equal(result.Model.Provenance, reparsed.Model.Provenance);
        Assert.Equal(policy with { Model = null }, reparsed with { Model = null, PolicyNameSpan = policy.PolicyNameSpan });

        // Writing the re-parsed model again changes nothing: the text is a fixed point.
        Assert.Equal(edited, PolicyYamlEditor.ReplaceModelSection(edited, ObservationModelYamlWriter.Write(reparsed.Model, reparsed)));
    }

    [Fact]
    public void Quantile_edges_written_into_a_policy_parse_back_exactly_and_the_compiled_router_beats_mixing()
    {
        var experiment = Experiment.RationalCascades("triviaqa", new[] { 1.0, 50 }, "gpt-4o-mini", "gpt-4o");
        var inCode = experiment.Policy(8);
        var edges = ObservationModelYamlWriter.Edges(inCode.Tiers[0].Verifier!.Binning);
        var tiers = $"""
            automix: 1
            policy: TriviaQa
            tiers:
              - name: small
                model: gpt-4o-mini
                cost: 1
                verifier:
                  method: self-verification
                  samples: 1
                  cost: 1
                  observations:
                    edges: {edges}   # quantile bins of the train confidences
              - name: large
                model: gpt-4o
                cost: 50

            """.Replace("\r\n", "\n");

        // A POMDP router needs a model to parse, so the policy is first read with a threshold router to calibrate it.
        var policy = Parse(tiers + "router:\n  kind: threshold\n  threshold: 0.5\n", "triviaqa.automix.yaml");
        var text = tiers + "router:\n  kind: pomdp\n  objective: max-ibc\n";
        Assert.Equal(inCode.Tiers[0].Verifier!.Binning, policy.Tiers[0].Verifier!.Binning);

        var model = ObservationModelCalibrator.Calibrate(policy, experiment.Train, TierModels.FromPolicy(policy), RealDataExperiments.Options).Model;
        var edited = PolicyYamlEditor.ReplaceModelSection(text, ObservationModelYamlWriter.Write(model, policy));
        Assert.StartsWith(text, edited, StringComparison.Ordinal);

        var compilation = PolicyCompiler.Compile(edited, "triviaqa.automix.yaml");
        Assert.False(compilation.HasErrors, string.Join(Environment.NewLine, compilation.Diagnostics));
        var report = OfflineEvaluator.Evaluate(compilation.Default!.Table, compilation.Document!, experiment.Test, TierModels.FromPolicy(policy));
        Assert.True(report.DeltaIbc.Value > 100, $"ΔIBC {report.DeltaIbc.Value}");
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
