using AutoMix.Benchmarks.Baselines;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using BenchmarkDotNet.Attributes;

namespace AutoMix.Benchmarks;

/// <summary>
/// Calibrate + solve as <c>automix calibrate --operating-point model</c> and the generator do it for a max-ibc
/// policy: fit the observation model, then the max-IBC operating point (Dinkelbach's method, each step an exact
/// solve and an exact evaluation), for 2–6 tiers × 9 bins and 3 tiers × 9/17/33/65 bins (issue 12). The baseline
/// is the solver before issue 12 (<see cref="PreviousPomdpSolver"/>), measured in the same run.
/// Targets: 5 × 9 ≤ 50 ms, 6 × 9 ≤ 500 ms, 3 × 65 ≤ 100 ms, each ≤ 100 MB allocated.
/// </summary>
[MemoryDiagnoser]
public class SolverBenchmarks
{
    private PolicyDocument _policy = null!;
    private IReadOnlyList<RecordedQuery> _rows = null!;
    private IReadOnlyDictionary<string, string> _tiers = null!;

    /// <summary>tiers × bins per verified tier.</summary>
    [Params("2x9", "3x9", "4x9", "5x9", "6x9", "3x17", "3x33", "3x65")]
    public string Shape { get; set; } = "3x9";

    /// <summary>The rows calibrated on (<see cref="SolverWorkloads"/>).</summary>
    [Params("mmlu", "synthetic")]
    public string Data { get; set; } = "mmlu";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        var tiers = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var bins = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _policy = SolverWorkloads.Policy(tiers, bins, Data);
        _rows = SolverWorkloads.Rows(Data, tiers);
        _tiers = TierModels.FromPolicy(_policy);

        // Both solvers must pick the same table, or the comparison is meaningless.
        var calibrated = Calibrate();
        if (!PreviousPomdpSolver.MaxIbc(calibrated, "default").Table.Equals(OperatingPointSelector.MaxIbc("default", calibrated).Table))
        {
            throw new InvalidOperationException($"The solvers disagree on {Shape} {Data}.");
        }
    }

    [Benchmark(Baseline = true, Description = "previous solver")]
    public OperatingPoint Previous() => PreviousPomdpSolver.MaxIbc(Calibrate(), "default");

    [Benchmark(Description = "current solver")]
    public OperatingPoint Current() => OperatingPointSelector.MaxIbc("default", Calibrate());

    private PolicyDocument Calibrate() =>
        _policy with { Model = ObservationModelCalibrator.Calibrate(_policy, _rows, _tiers).Model };
}
