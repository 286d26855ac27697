using System.Globalization;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Data;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Selection;

namespace AutoMix.Policies.Tests.Experiments;

/// <summary>A dataset, its train/test rows, a cascade of recorded models and their unit costs.</summary>
internal sealed record Experiment(
    string Dataset,
    string DataName,
    string DataHash,
    IReadOnlyList<RecordedQuery> Train,
    IReadOnlyList<RecordedQuery> Test,
    string[] Models,
    double[] Costs)
{
    public string Pair => string.Join(" → ", Models);

    public IReadOnlyDictionary<string, string> TierMap =>
        Models.Select((m, i) => (Tier: TierName(i), Model: m)).ToDictionary(x => x.Tier, x => x.Model);

    public string TierName(int tier) => Models.Length == 2 ? (tier == 0 ? "small" : "large") : "t" + tier;

    public static Experiment RationalCascades(string task, double[] costs, params string[] models)
    {
        var train = SharedData.Load($"rational-cascades/{task}.train.jsonl");
        var test = SharedData.Load($"rational-cascades/{task}.test.jsonl");
        return new Experiment(task, $"rational-cascades/{task}.train.jsonl", train.Sha256, train.Queries, test.Queries, models, costs);
    }

    public static Experiment MotCascade(string task, double[] costs, params string[] models)
    {
        var set = SharedData.Load($"mot-cascade/{task}.jsonl");
        var (even, odd) = RecordedSplits.EvenOdd(set.Queries);
        return new Experiment(task, $"mot-cascade/{task}.jsonl (even lines)", set.Sha256, even, odd, models, costs);
    }

    /// <summary>
    /// The policy without a model, as a user writes it (and as ../shared/tools/quality-dev.py writes it): every tier
    /// but the last verified with the method its recorded signal supports (logprob; self-verification and
    /// self-consistency with k = 8 samples), verifier cost = one call of that tier, bins left to calibration.
    /// </summary>
    public PolicyDocument Policy()
    {
        var tiers = new TierSpec[Models.Length];
        for (var t = 0; t < tiers.Length; t++)
        {
            VerifierSpec? verifier = null;
            if (t < tiers.Length - 1)
            {
                var method = MethodOf(Models[t]);
                var samples = method == VerifierMethod.Logprob ? 1 : 8;
                var binning = ObservationBinning.Equal(method == VerifierMethod.Logprob ? 9 : samples + 1);
                verifier = new VerifierSpec(method, samples, 1.0, Costs[t], binning, SourceSpan.None);
            }

            tiers[t] = new TierSpec(TierName(t), Models[t], Costs[t], verifier, SourceSpan.None);
        }

        var router = new RouterSpec(RouterKind.Pomdp, 0, null, ObjectiveSpec.MaxIbc, EquatableArray<OperatingPointSpec>.Empty, SourceSpan.None);
        return new PolicyDocument(1, Dataset, null, null, new EquatableArray<TierSpec>(tiers), router, null, null, SourceSpan.None)
        {
            DefaultBinningTiers = new EquatableArray<string>(tiers.Where(t => t.IsVerified).Select(t => t.Name).ToArray()),
        };
    }

    /// <summary>
    /// A policy without a model for calibration tests: every tier but the last verified (k = 1, verifier cost = one
    /// call of that tier), binning = quantile bins of that tier's TRAIN confidences.
    /// </summary>
    public PolicyDocument Policy(int bins)
    {
        var tiers = new TierSpec[Models.Length];
        for (var t = 0; t < tiers.Length; t++)
        {
            VerifierSpec? verifier = null;
            if (t < tiers.Length - 1)
            {
                var confidences = Train.Where(q => q.Runs.ContainsKey(Models[t])).Select(q => RecordedConfidence.Of(q.Runs[Models[t]]));
                verifier = new VerifierSpec(MethodOf(Models[t]), 1, 1.0, Costs[t], QuantileBinning.FromConfidences(confidences, bins), SourceSpan.None);
            }

            tiers[t] = new TierSpec(TierName(t), Models[t], Costs[t], verifier, SourceSpan.None);
        }

        var router = new RouterSpec(RouterKind.Pomdp, 0, null, ObjectiveSpec.MaxIbc, EquatableArray<OperatingPointSpec>.Empty, SourceSpan.None);
        return new PolicyDocument(1, Dataset, null, null, new EquatableArray<TierSpec>(tiers), router, null, null, SourceSpan.None);
    }

    /// <summary>The verifier method the recorded signal of a model supports.</summary>
    private VerifierMethod MethodOf(string model)
    {
        var kind = Train.First(q => q.Runs.ContainsKey(model)).Runs[model].Verifier.Kind;
        return kind switch
        {
            "self-verification" => VerifierMethod.SelfVerification,
            "self-consistency" => VerifierMethod.SelfConsistency,
            "answer-logprob" => VerifierMethod.Logprob,
            _ => throw new InvalidDataException($"Unknown verifier kind '{kind}' for model '{model}'."),
        };
    }

    /// <summary>
    /// What `automix calibrate` does by default, then `automix eval`'s offline suite: choose binning, smoothing and
    /// the operating point by cross-validation on train, calibrate on every train row, write the model into the
    /// policy text and compile it (so the table is the one the generator builds), replay on test.
    /// </summary>
    public ExperimentResult Run()
    {
        var policy = Policy();
        var selection = CrossValidatedSelection.Select(policy, Train, TierMap);
        var binned = selection.Chosen.Binning.Apply(policy, Train, TierMap, out var edges);
        var options = (selection.Chosen.Calibration ?? CalibrationOptions.Default) with { DataName = DataName, DataHash = DataHash, Date = "2026-11-30" };
        var calibration = ObservationModelCalibrator.Calibrate(binned, Train, TierMap, options);
        var model = calibration.Model with { Binning = edges };
        model = model with { Selection = CrossValidatedSelection.ToRouterSelection(selection, binned with { Model = model }) };
        var text = PolicyText() + ObservationModelYamlWriter.Write(model, binned);
        var compilation = PolicyCompiler.Compile(text, Dataset + ".automix.yaml");
        if (compilation.HasErrors || compilation.Default is null)
        {
            throw new InvalidOperationException("The calibrated policy does not compile:\n" + string.Join("\n", compilation.Diagnostics) + "\n" + text);
        }

        var suite = EvaluationSuite.Run(compilation, Train, Test, TierMap);
        return new ExperimentResult(this, compilation.Document!, calibration, selection, suite);
    }

    /// <summary>The policy's YAML without its model (what a user writes before `automix calibrate`).</summary>
    private string PolicyText()
    {
        var policy = Policy();
        var text = new System.Text.StringBuilder();
        text.Append("automix: 1\npolicy: ").Append(char.ToUpperInvariant(Dataset[0])).Append(Dataset.Substring(1)).Append("Experiment\ntiers:\n");
        foreach (var tier in policy.Tiers)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {{ name: {tier.Name}, model: {tier.Model}, cost: {tier.Cost}");
            if (tier.Verifier is { } verifier)
            {
                var method = verifier.Method switch
                {
                    VerifierMethod.Logprob => "logprob",
                    VerifierMethod.SelfVerification => "self-verification",
                    _ => "self-consistency",
                };
                text.Append(CultureInfo.InvariantCulture, $", verifier: {{ method: {method}, ");
                if (verifier.Method != VerifierMethod.Logprob)
                {
                    text.Append(CultureInfo.InvariantCulture, $"samples: {verifier.Samples}, ");
                }

                text.Append(CultureInfo.InvariantCulture, $"cost: {verifier.Cost} }}");
            }

            text.Append(" }\n");
        }

        return text.Append("router: { kind: pomdp, objective: max-ibc }\n").ToString();
    }
}

internal sealed record ExperimentResult(
    Experiment Experiment,
    PolicyDocument Policy,
    CalibrationResult Calibration,
    SelectionReport Selection,
    SuiteReport Suite)
{
    public EvaluationReport Pomdp => Suite.Pomdp;

    public ThresholdBaseline Threshold => Suite.Threshold!;
}
