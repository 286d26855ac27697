using AutoMix.Policies.Calibration;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using AutoMix.Testing.Data;
using BenchmarkDotNet.Attributes;

namespace AutoMix.Benchmarks;

/// <summary>
/// The policy compiler's hot spots. Targets: calibrate + solve on the 285-row MMLU train file under 5 ms;
/// one table decision (bin the confidence, look up the next node) under 50 ns.
/// </summary>
[MemoryDiagnoser]
public class PolicyCompilerBenchmarks
{
    private const string PolicyText = """
        automix: 1
        policy: MmluTwoTier
        tiers:
          - name: small
            model: llama3.1-8b
            cost: 1
            verifier: { method: logprob, cost: 1 }
          - name: large
            model: llama3.1-70b
            cost: 50
        router: { kind: pomdp, objective: max-ibc }
        """;

    private PolicyDocument _policy = null!;
    private IReadOnlyList<RecordedQuery> _rows = null!;
    private IReadOnlyDictionary<string, string> _tiers = null!;
    private PolicyTable _table = null!;
    private ObservationBinning _binning = null!;
    private double[] _confidences = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _policy = PolicyParser.ParseWithoutModel(PolicyText, "bench.automix.yaml").Document
            ?? throw new InvalidOperationException("The benchmark policy does not parse.");
        _rows = RecordedRunReader.ReadFile(SharedDataFolder.PathOf("rational-cascades/mmlu.train.jsonl")).Queries;
        _tiers = TierModels.FromPolicy(_policy);
        var calibrated = CalibrateAndSolve();
        _table = calibrated.Table;
        _binning = _policy.Tiers[0].Verifier!.Binning;
        _confidences = Enumerable.Range(0, 64).Select(i => (i * 0.618034) % 1.0).ToArray();
    }

    /// <summary>Calibration (Laplace) and the max-IBC operating point, as the compiler finds it (no frontier).</summary>
    [Benchmark]
    public OperatingPoint CalibrateAndSolve()
    {
        var model = ObservationModelCalibrator.Calibrate(_policy, _rows, _tiers).Model;
        return OperatingPointSelector.MaxIbc(PolicyCompiler.DefaultOperatingPointName, _policy with { Model = model });
    }

    /// <summary>One routing decision as the runtime makes it: confidence to bin, bin to the next node.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public int TableDecision()
    {
        var next = 0;
        foreach (var confidence in _confidences)
        {
            next += _table.Next(0, _binning.BinOf(confidence));
        }

        _next = next;
        return next;
    }
}
