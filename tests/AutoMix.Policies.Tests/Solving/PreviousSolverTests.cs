using AutoMix.Benchmarks.Baselines;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Solving;
using Xunit;

namespace AutoMix.Policies.Tests.Solving;

/// <summary>
/// The faster solver (issue 12) must not change a single decision: its tables, max-IBC λ and IBC equal those of the
/// solver before it (<see cref="PreviousPomdpSolver"/>) on the sample policies, every docs/results configuration and
/// random models.
/// </summary>
public class PreviousSolverTests
{
    private static readonly double[] Lambdas = { 0, 0.001, 0.004, 0.01, 0.02, 0.05, 0.2 };

    public static TheoryData<string> CalibratedPolicies()
    {
        var root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(root, "docs", "results"), "policy.automix.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "policies"), "*.automix.yaml"))
            .Where(path => !IsAdaptive(path))
            .Select(path => Path.GetRelativePath(root, path))
            .Order(StringComparer.Ordinal);
        return new TheoryData<string>(files);
    }

    /// <summary>
    /// Adaptive verification (issue 13) came after the previous solver, which cannot solve it: those policies are
    /// checked against every enumerated table instead (<see cref="AdaptiveVerificationTests"/>).
    /// </summary>
    private static bool IsAdaptive(string path) =>
        PolicyParser.Parse(File.ReadAllText(path), path).Document?.Tiers.Any(t => t.Verifier?.Adaptive is not null) == true;

    [Theory]
    [MemberData(nameof(CalibratedPolicies))]
    public void Tables_equal_the_previous_solvers_on_every_sample_and_results_policy(string path)
    {
        var document = PolicyParser.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), path)), path).Document!;
        Assert.NotNull(document);
        if (document.Model is null || document.Router.Kind != RouterKind.Pomdp)
        {
            Assert.Equal(RouterKind.Threshold, document.Router.Kind);
            return;
        }

        var lambdas = Lambdas.ToList();
        if (document.Model.Selection is { Kind: RouterSelectionKind.Pomdp } selection)
        {
            lambdas.Add(selection.Value);
        }

        if (document.Router.Objective.Kind == ObjectiveKind.Lambda)
        {
            lambdas.Add(document.Router.Objective.Value);
        }

        AssertSameSolutions(document, lambdas);
    }

    [Fact]
    public void Tables_equal_the_previous_solvers_on_random_models()
    {
        var random = new Random(12);
        var ladders = new[] { new[] { 1.0, 50.0 }, new[] { 1.0, 8.0, 50.0 }, new[] { 1.0, 4.0, 15.0, 50.0 } };
        for (var trial = 0; trial < 24; trial++)
        {
            var policy = TestPolicies.Random(random, ladders[trial % ladders.Length], bins: 2 + random.Next(8));
            AssertSameSolutions(policy, Lambdas);
        }
    }

    private static void AssertSameSolutions(PolicyDocument policy, IEnumerable<double> lambdas)
    {
        foreach (var lambda in lambdas)
        {
            Assert.Equal(PreviousPomdpSolver.Solve(policy, lambda), PomdpSolver.Solve(policy, lambda));
        }

        var (previous, previousIbc) = PreviousPomdpSolver.MaxIbcWithRatio(policy, "default");
        var (current, currentIbc) = PomdpSolver.MaxIbcWithRatio(policy, "default");
        Assert.Equal(previous.Table, current.Table);
        Assert.Equal(previous.Lambda, current.Lambda);
        Assert.Equal(previousIbc, currentIbc);
        Assert.Equal(previous.Metrics, current.Metrics);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AutoMix.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("AutoMix.sln not found above " + AppContext.BaseDirectory);
    }
}
