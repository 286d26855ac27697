using AutoMix.Policies.Calibration;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Data;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;

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
    /// The policy without a model: every tier but the last verified (verifier cost = one call of that tier, the
    /// paper's convention), binning = quantile bins of that tier's TRAIN confidences.
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
                var binning = QuantileBinning.FromConfidences(confidences, bins);
                verifier = new VerifierSpec(MethodOf(Models[t]), 1, 1.0, Costs[t], binning, SourceSpan.None);
            }

            tiers[t] = new TierSpec(TierName(t), Models[t], Costs[t], verifier, SourceSpan.None);
        }

        var router = new RouterSpec(RouterKind.Pomdp, 0, null, ObjectiveSpec.MaxIbc, EquatableArray<OperatingPointSpec>.Empty, SourceSpan.None);
        return new PolicyDocument(1, Dataset, null, null, new EquatableArray<TierSpec>(tiers), router, null, null, SourceSpan.None);
    }

    /// <summary>The verifier method the recorded signal of a model corresponds to (only documentary: calibration reads the signal itself).</summary>
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

    /// <summary>Calibrates on train, solves for max ΔIBC under the model, replays on test; best threshold chosen on train.</summary>
    public ExperimentResult Run(int bins, CalibrationOptions options)
    {
        var policy = Policy(bins);
        var calibration = ObservationModelCalibrator.Calibrate(policy, Train, TierMap, options with { DataName = DataName, DataHash = DataHash });
        var calibrated = policy with { Model = calibration.Model };
        var suite = EvaluationSuite.Run(calibrated, Train, Test, TierMap);
        return new ExperimentResult(this, calibrated, calibration, suite);
    }
}

internal sealed record ExperimentResult(
    Experiment Experiment,
    PolicyDocument Policy,
    CalibrationResult Calibration,
    SuiteReport Suite)
{
    public EvaluationReport Pomdp => Suite.Pomdp;

    public ThresholdBaseline Threshold => Suite.Threshold;
}
