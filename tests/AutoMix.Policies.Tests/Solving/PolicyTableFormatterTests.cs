using AutoMix.Policies.Compilation;
using AutoMix.Policies.Solving;
using Xunit;

namespace AutoMix.Policies.Tests.Solving;

public class PolicyTableFormatterTests
{
    [Fact]
    public void Renders_every_decision_and_the_metrics()
    {
        var policy = TestPolicies.Make(
            new[] { 1.0, 5.0, 20.0 }, new[] { 1.0, 5.0, 0 }, new[] { 2, 2, 0 },
            (0.6, new[] { 1.0, 1.0, 1.0 }, new[] { new[] { 0.1, 0.9 }, new[] { 0.5, 0.5 } }),
            (0.4, new[] { 0.0, 1.0, 1.0 }, new[] { new[] { 0.9, 0.1 }, new[] { 0.2, 0.8 } }));
        var table = PomdpSolver.Solve(policy, 0.005);
        var text = PolicyTableFormatter.Format(policy, new OperatingPoint("default", 0.005, table, PolicyEvaluator.Evaluate(table, policy)));

        Assert.Contains("operating point 'default' (lambda = 0.005)", text);
        Assert.Contains("  0 t0 (model-0, cost 1, verifier self-verification k=1 cost 1, bins 0:[0,0.5) 1:[0.5,1])", text);
        Assert.Contains("  t0             -> t1   -> t1\n", text);
        Assert.Contains("  t1 after t0=0  accept  accept\n", text);
        Assert.Contains("Worst-case cost 12 (t0 -> t1)", text);
        Assert.Contains("Worst-case cost ", text);
        Assert.DoesNotContain(" \n", text);
    }
}
