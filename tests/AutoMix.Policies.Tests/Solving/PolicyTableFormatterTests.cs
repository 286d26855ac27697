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
            (0.4, new[] { 0.0, 0.0, 1.0 }, new[] { new[] { 0.9, 0.1 }, new[] { 0.5, 0.5 } }));

        // t1 tells nothing and fixes nothing: low t0 bins go straight to t2, high ones are accepted.
        var table = PomdpSolver.Solve(policy, 0.006);
        var text = PolicyTableFormatter.Format(policy, new OperatingPoint("default", 0.006, table, PolicyEvaluator.Evaluate(table, policy)));

        Assert.Contains("operating point 'default' (lambda = 0.006)", text);
        Assert.Contains("  0 t0 (model-0, cost 1, verifier self-verification k=1 cost 1, bins 0:[0,0.5) 1:[0.5,1])", text);
        var t0 = Assert.Single(text.Split('\n'), line => line.StartsWith("  t0 ", System.StringComparison.Ordinal) && line.Contains("->", System.StringComparison.Ordinal));
        Assert.Matches(@"^  t0\s+-> t2\s+accept$", t0);
        Assert.Contains("Worst-case cost 22 (t0 -> t2)", text);
        Assert.Contains("Worst-case cost ", text);
        Assert.DoesNotContain(" \n", text);
    }
}
