using AutoMix.Generators.Emitter;
using AutoMix.Generators.Model;
using AutoMix.Generators.Parser;
using AutoMix.Generators.Tests.Infrastructure;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Emission;

/// <summary>
/// The emitter and the generated class with tables that start past the first tier or accept a tier without verifying.
/// The solver decides when such tables arise, so these tables are built by hand and put into the sample three-tier
/// policy's compilation (small, medium, large: costs 1 + 1, 10 + 2, 50).
/// </summary>
public sealed class TableShapeEmissionTests
{
    private const string Consumer = """
        using System.Threading.Tasks;
        using AutoMix.Samples;
        using Microsoft.Extensions.AI;

        namespace Consumer
        {
            public static class Program
            {
                public static async Task<string> RunAsync()
                {
                    var small = new ScriptedClient("small", "incorrect");
                    var medium = new ScriptedClient("medium", "correct");
                    var large = new ScriptedClient("large", "correct");
                    using var cascade = new ThreeTierCascade(small, medium, large);
                    var result = await cascade.RunAsync(new[] { new ChatMessage(ChatRole.User, "Capital of France?") });
                    return string.Join("|",
                        result.Response.Text, result.Trace.AnsweringTierName, result.Trace.Steps[result.Trace.Steps.Count - 1].Outcome,
                        small.Calls, medium.Calls, large.Calls,
                        result.Trace.TotalCost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ThreeTierCascade.WorstCaseCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        """;

    [Fact]
    public async Task A_table_with_an_unverified_middle_tier_is_emitted_and_calls_that_tier_once()
    {
        // small verifies: bins 0-4 go to medium, 5-8 accept; medium accepts without verifying; large is never called.
        var source = Emit((tiers, _) => PolicyTableBuilder.Build(
            tiers, 0, (tier, _) => tier == 0, (_, _, bin) => bin < 5 ? TableAction.RouteTo(1) : TableAction.Accept));

        Assert.Contains("DefaultNodeTier => new int[] { 0, 1, 1, 1, 1, 1 };", source);
        Assert.Contains("DefaultNodeFirstSlot => new int[] { 0, 9, 9, 9, 9, 9 };", source);
        Assert.Contains(PolicyTableFormatter.AcceptUnverified, source);

        // small (1 + 1 for its 8 self-verification samples) routes; medium answers unverified for 10.
        Assert.Equal("medium|medium|AcceptedUnverified|9|1|0|12|12", await RunAsync(source));
    }

    [Fact]
    public async Task A_table_starting_at_the_middle_tier_never_calls_the_first()
    {
        var source = Emit((tiers, _) => PolicyTableBuilder.Build(tiers, 1, (_, _) => false, (_, _, _) => TableAction.Accept));

        Assert.Contains("DefaultNodeTier => new int[] { 1 };", source);
        Assert.Contains("Starts at medium (never calls small: not worth calling under this model)", source);
        Assert.Equal("medium|medium|AcceptedUnverified|0|1|0|10|10", await RunAsync(source));
    }

    private static string Emit(Func<IReadOnlyList<TableTier>, Policies.Model.PolicyDocument, PolicyTable> build)
    {
        var compiled = PolicyCompiler.Compile(File.ReadAllText(Path.Combine(Paths.SamplePolicies, "three-tier.automix.yaml")), "/repo/policies/three-tier.automix.yaml");
        var document = compiled.Document!;
        var table = build(TableTiers.From(document), document);
        var point = new OperatingPoint(PolicyCompiler.DefaultOperatingPointName, null, table, PolicyEvaluator.Evaluate(table, document));
        var compilation = compiled with { Default = point, OperatingPoints = EquatableArray<OperatingPoint>.Empty };
        var policy = new CompiledPolicy(compilation.FilePath, "policies/three-tier.automix.yaml", "AutoMix.Samples", compilation, EquatableArray<DiagnosticInfo>.Empty);
        return CascadeEmitter.Emit(EmitModelBuilder.Build(policy)!);
    }

    private static async Task<string> RunAsync(string generated)
    {
        var compilation = GeneratorHarness.CreateCompilation(generated, Snippets.ScriptedClient, Consumer);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var assembly = ConsumerAssembly.Load(compilation);
        return await (Task<string>)ConsumerAssembly.InvokeStatic(assembly, "Consumer.Program", "RunAsync")!;
    }
}
