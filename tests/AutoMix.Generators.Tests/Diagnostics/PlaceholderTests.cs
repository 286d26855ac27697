using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Diagnostics;

/// <summary>
/// A policy with errors whose names are readable still yields its class's public shape, so the code that uses the
/// class compiles and the build reports the policy's AMX errors alone; using the placeholder throws.
/// </summary>
public sealed class PlaceholderTests
{
    private const string Consumer = """
        using Microsoft.Extensions.AI;
        namespace Consumer.App;
        public static class Uses
        {
            public static string All(IChatClient small, IChatClient large)
            {
                var cascade = new Support(small: small, large: large);
                Support.Tier tier = Support.Tier.Large;
                return Support.TierNames.Small + tier + Support.PolicyName + Support.PolicyFile + Support.Describe() + cascade.GetType();
            }

            public static void Create() => new Support(null!, null!).Dispose();
        }
        """;

    [Theory]
    [InlineData("verifer: { method: logprob }", "AMX0002")]          // a misspelt key
    [InlineData("verifier: { method: logprob, samples: 0 }", "AMX0018")] // a bad value
    public void A_broken_policy_leaves_only_its_AMX_errors(string verifier, string id)
    {
        var policy = "automix: 1\npolicy: Support\ntiers:\n  - name: small\n    model: m\n    cost: 1\n    " + verifier + "\n"
            + "  - name: large\n    model: l\n    cost: 5\nrouter:\n  kind: threshold\n  threshold: 0.5\n";

        var (result, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("policies/support.automix.yaml", policy) }, null, Consumer);

        Assert.Contains(result.Diagnostics, d => d.Id == id);
        Assert.All(result.Diagnostics, d => Assert.StartsWith("AMX", d.Id, StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Using_the_placeholder_throws_and_names_the_policy_file()
    {
        var policy = PolicyTexts.Threshold("Support", "small", "large").Replace("threshold: 0.5", "threshold: 1.5", StringComparison.Ordinal);

        var (result, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("policies/support.automix.yaml", policy) }, null, Consumer);

        Assert.Contains(result.Diagnostics, d => d.Id == "AMX0017");
        var assembly = ConsumerAssembly.Load(output);
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => ConsumerAssembly.InvokeStatic(assembly, "Consumer.App.Uses", "Create"));
        var inner = Assert.IsType<InvalidOperationException>(error.InnerException?.InnerException ?? error.InnerException);
        Assert.Contains("policies/support.automix.yaml has errors", inner.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("automix: 1\npolicy: Support\ntiers:\n  - name: small\n    model: [unclosed\n")]            // YAML syntax: nothing is readable
    [InlineData("automix: 1\npolicy: Support\ntiers:\n  - name: small model\n    model: m\n    cost: 1\n")] // a tier name that is no C# name
    [InlineData("automix: 1\npolicy: 9lives\ntiers:\n  - name: small\n    model: m\n    cost: 1\n")]        // a type name that is no C# name
    public void No_placeholder_when_its_names_are_not_readable(string policy)
    {
        var (result, _, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("policies/support.automix.yaml", policy) });

        Assert.NotEmpty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }
}
