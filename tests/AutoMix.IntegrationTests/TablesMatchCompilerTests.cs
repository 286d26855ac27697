using System.Reflection;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Parsing;

namespace AutoMix.IntegrationTests;

/// <summary>
/// The tables compiled into this assembly by the generator equal what the shared policy compiler computes at run
/// time from the same YAML file: one compiler, the same answer at build time and at run time.
/// </summary>
public sealed class TablesMatchCompilerTests
{
    public static TheoryData<string> GeneratedCascades()
    {
        var data = new TheoryData<string>();
        foreach (var type in CascadeTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void Every_policy_in_the_build_produced_a_cascade()
    {
        var policyFiles = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policy-files"), "*.automix.yaml", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var generated = CascadeTypes().Select(t => Path.GetFileName(PolicyFile(t))).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(policyFiles, generated);
        Assert.True(generated.Length >= 2);
        // Repository samples are linked into this project as policies/...; the generated code names them by that link.
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policy-files", "samples"), "*.automix.yaml").Select(Path.GetFileName).ToHashSet();
        Assert.All(CascadeTypes().Where(t => samples.Contains(Path.GetFileName(PolicyFile(t)))), t => Assert.StartsWith("policies/", PolicyFile(t), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GeneratedCascades))]
    public void Generated_tables_equal_the_run_time_compilation(string typeName)
    {
        var type = CascadeTypes().Single(t => t.FullName == typeName);
        var file = FindPolicyFile(PolicyFile(type));
        var parsed = PolicyParser.Parse(File.ReadAllText(file), file);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics));
        var compiled = PolicyCompiler.Compile(parsed.Document!, file);

        var definition = (CascadeDefinition)type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        Assert.Equal(compiled.Default!.Table, definition.DefaultTable);
        Assert.Equal(compiled.OperatingPoints.Select(p => p.Name).Order(StringComparer.Ordinal), definition.OperatingPoints.Keys.Order(StringComparer.Ordinal));
        foreach (var point in compiled.OperatingPoints)
        {
            Assert.Equal(point.Table, definition.OperatingPoints[point.Name]);
        }

        Assert.Equal(parsed.Document!.Tiers.Select(t => (t.Name, t.Model, t.Cost)), definition.Tiers.Select(t => (t.Name, t.Model, t.Cost)));
        for (var i = 0; i < definition.Tiers.Count; i++)
        {
            var expected = parsed.Document.Tiers[i].Verifier;
            var actual = definition.Tiers[i].Verifier;
            Assert.Equal(expected is null, actual is null);
            if (expected is not null)
            {
                // The generated verifier carries no source span; everything else is equal.
                Assert.Equal(expected with { Span = default }, actual);
            }
        }

        Assert.Equal(compiled.Default.Metrics.ExpectedCost, Constant(type, "ExpectedCost"));
        Assert.Equal(compiled.Default.Metrics.ExpectedPerformance, Constant(type, "ExpectedPerformance"));
        Assert.Equal(compiled.Default.Metrics.WorstCaseCost, Constant(type, "WorstCaseCost"));
    }

    private static IEnumerable<Type> CascadeTypes() =>
        typeof(TablesMatchCompilerTests).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AutoMixCascade))).OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static string PolicyFile(Type type) => (string)type.GetField("PolicyFile")!.GetRawConstantValue()!;

    private static double Constant(Type type, string name) => (double)type.GetField(name)!.GetRawConstantValue()!;

    private static string FindPolicyFile(string generatedPath)
    {
        var name = Path.GetFileName(generatedPath);
        return Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policy-files"), name, SearchOption.AllDirectories).Single();
    }
}
