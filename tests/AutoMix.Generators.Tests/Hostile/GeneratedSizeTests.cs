using System.Text;
using AutoMix.Generators.Tests.Infrastructure;
using AutoMix.Policies.Compilation;

namespace AutoMix.Generators.Tests.Hostile;

/// <summary>The compiler's size estimate (AMX0031) is an upper bound of what the generator really writes.</summary>
public sealed class GeneratedSizeTests
{
    public static TheoryData<int> TierCounts() => new() { 2, 3, 5 };

    [Theory]
    [MemberData(nameof(TierCounts))]
    public void The_estimate_is_at_least_the_generated_size(int tiers)
    {
        var text = new StringBuilder("automix: 1\npolicy: Sized\ndescription: a policy with many tiers\ntiers:\n");
        for (var i = 0; i < tiers; i++)
        {
            text.Append($"  - name: tier_number_{i}\n    model: vendor/model-{i}\n    cost: {i + 1}\n");
            if (i < tiers - 1)
            {
                text.Append("    verifier: { method: self-verification, samples: 8 }\n");
            }
        }

        text.Append("router:\n  kind: threshold\n  threshold: 0.95\n");
        var compilation = PolicyCompiler.Compile(text.ToString(), "sized.automix.yaml");
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);

        var (result, _, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("/src/consumer/sized.automix.yaml", text.ToString()) });

        var generated = result.GeneratedSources.Single().SourceText.Length;
        var estimate = CompilationLimits.EstimateGeneratedChars(compilation.Document!, new[] { compilation.Default! });
        Assert.InRange(estimate, generated, 4L * generated + 20_000);
    }
}
