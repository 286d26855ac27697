using System.Collections;
using System.Reflection;
using AutoMix.Generators.Parser;
using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Incremental;

/// <summary>
/// Pipeline models must hold only plain values: a Roslyn symbol, syntax node or additional text would keep old
/// compilations alive and defeat caching; YamlDotNet or MathNet objects have no value equality.
/// </summary>
public sealed class PurityTests
{
    private static readonly string[] ForbiddenNamespaces = { "Microsoft.CodeAnalysis", "YamlDotNet", "MathNet" };

    [Fact]
    public void No_named_step_outputs_a_Roslyn_YamlDotNet_or_MathNet_object()
    {
        const string faulty = "policies/purity-fault.automix.yaml";
        var files = new AdditionalText[]
        {
            GeneratorHarness.TestPolicy("support.automix.yaml"),
            GeneratorHarness.TestPolicy("triage.automix.yaml"),
            GeneratorHarness.Policy("policies/dup.automix.yaml", PolicyTexts.Threshold("Triage", "a", "b")),
            GeneratorHarness.Policy("policies/broken.automix.yaml", "automix: 1\npolicy: [\n"),
            GeneratorHarness.Policy(faulty, PolicyTexts.Threshold("Faulty", "a", "b")),
            GeneratorHarness.Policy("notes.txt", "not a policy"),
        };

        PolicyCompilerStep.ThrowForPathsInTests[faulty] = true;
        GeneratorRunResult result;
        try
        {
            var driver = GeneratorHarness.CreateDriver(files, trackSteps: true).RunGenerators(GeneratorHarness.CreateCompilation());
            result = driver.GetRunResult().Results.Single();
        }
        finally
        {
            PolicyCompilerStep.ThrowForPathsInTests.TryRemove(faulty, out _);
        }

        var visited = 0;
        foreach (var name in TrackingNames.All)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), "step " + name + " did not run");
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    visited += Walk(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }

        Assert.True(visited > 100, "the walk visited only " + visited + " objects");
    }

    [Fact]
    public void Compiling_the_same_policy_twice_gives_equal_models_so_a_rerun_is_recognised_as_unchanged()
    {
        foreach (var file in Directory.GetFiles(Paths.SamplePolicies, "*.automix.yaml").Concat(Directory.GetFiles(Paths.TestPolicies, "*.automix.yaml")))
        {
            var input = new AutoMix.Generators.Model.PolicyInput(file, Path.GetFileName(file), File.ReadAllText(file), "Ns");

            var first = PolicyCompilerStep.Compile(input, CancellationToken.None);
            var second = PolicyCompilerStep.Compile(input, CancellationToken.None);

            Assert.NotSame(first, second);
            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
            Assert.Equal(EmitModelBuilder.Build(first), EmitModelBuilder.Build(second));
            Assert.NotNull(EmitModelBuilder.Build(first));
        }
    }

    [Fact]
    public void The_walk_detects_a_Roslyn_object()
    {
        var error = Assert.Throws<Xunit.Sdk.FailException>(() => Walk(new { Text = (object)GeneratorHarness.Policy("x", "y") }, "test", new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.Contains("AdditionalText", error.Message, StringComparison.Ordinal);
    }

    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null)
        {
            return 0;
        }

        var type = value.GetType();
        foreach (var forbidden in ForbiddenNamespaces)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                if (t.Namespace is { } ns && (ns == forbidden || ns.StartsWith(forbidden + ".", StringComparison.Ordinal)))
                {
                    Assert.Fail(path + " holds a " + type.FullName + " (" + t.FullName + ")");
                }
            }
        }

        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal)
        {
            return 1;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return 0;
        }

        var count = 1;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                count += Walk(item, path + "[" + i++ + "]", seen);
            }
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                count += Walk(field.GetValue(value), path + "." + field.Name, seen);
            }
        }

        return count;
    }
}
