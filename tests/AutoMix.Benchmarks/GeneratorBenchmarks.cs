using System.Text;
using AutoMix.Generators;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Parsing;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AutoMix.Benchmarks;

/// <summary>
/// Source generator cost of editing a policy in the IDE: a driver that already ran once (its cache is warm), the
/// policy replaced by an edited version, generators re-run. Target: under 20 ms per edit. Policies: the three-tier
/// sample, and a four-tier POMDP policy calibrated on the MMLU train rows (<see cref="SolverWorkloads"/>, 9 bins).
/// Each invocation alternates between two versions of the file so every run is a real edit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const string PolicyPath = "/project/policies/edited.automix.yaml";

    [Params("three-tier", "four-tier")]
    public string Policy { get; set; } = "three-tier";

    private Compilation _compilation = null!;
    private GeneratorDriver _driver = null!;
    private PolicyFile _current = null!;
    private PolicyFile _original = null!;
    private PolicyFile _lambdaEdit = null!;
    private PolicyFile _commentEdit = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = Policy == "four-tier"
            ? FourTierPolicy()
            : File.ReadAllText(Path.Combine(FindRepository(), "policies", "three-tier.automix.yaml"));
        _original = new PolicyFile(PolicyPath, text);
        _lambdaEdit = new PolicyFile(PolicyPath, Replace(text, "objective: { lambda: 0.005 }", "objective: { lambda: 0.006 }"));
        _commentEdit = new PolicyFile(PolicyPath, "# edited comment\n" + text);
        _compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText("namespace Consumer { public class App { } }") });
        _driver = CSharpGeneratorDriver.Create(
            new[] { new AutoMixPolicyGenerator().AsSourceGenerator() },
            new AdditionalText[] { _original },
            new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        _driver = _driver.RunGenerators(_compilation);
        _current = _original;
        Verify(_driver, "the first run");

        // Measure real work: each edit must change the generated source (a crashed generator would do nothing, fast).
        var before = _driver.GetRunResult().Results[0].GeneratedSources.Single().SourceText.ToString();
        var after = EditLambda().GetRunResult().Results[0].GeneratedSources.Single().SourceText.ToString();
        Verify(_driver, "an edit");
        if (before == after)
        {
            throw new InvalidOperationException("Editing lambda did not change the generated cascade.");
        }
    }

    private static void Verify(GeneratorDriver driver, string when)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null || result.GeneratedSources.Length != 1 || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The generator failed on " + when + ": " + result.Exception + string.Join("\n", result.Diagnostics));
        }
    }

    /// <summary>A value edit: the file is re-parsed, the POMDP re-solved and the cascade re-emitted.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver EditLambda() => Edit(_current == _original ? _lambdaEdit : _original);

    /// <summary>A comment edit: re-parsed and re-solved, but the emit model is unchanged, so nothing is re-emitted.</summary>
    [Benchmark]
    public GeneratorDriver EditComment() => Edit(_current == _original ? _commentEdit : _original);

    /// <summary>An unrelated C# edit: the generator's inputs are unchanged and every step is served from the cache.</summary>
    [Benchmark]
    public GeneratorDriver UnrelatedCSharpEdit() => _driver = _driver.RunGenerators(_compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Edited { }")));

    private GeneratorDriver Edit(PolicyFile next)
    {
        _driver = _driver.ReplaceAdditionalText(_current, next).RunGenerators(_compilation);
        _current = next;
        return _driver;
    }

    /// <summary>Four tiers (8B, 70B, 405B, Qwen 72B), logprob verifiers of 9 bins, calibrated as <c>automix calibrate</c> writes it.</summary>
    private static string FourTierPolicy()
    {
        var text = SolverWorkloads.Text(4, 9, "mmlu", "{ lambda: 0.005 }");
        var document = PolicyParser.ParseWithoutModel(text, PolicyPath).Document!;
        var model = ObservationModelCalibrator.Calibrate(document, SolverWorkloads.Rows("mmlu", 4), TierModels.FromPolicy(document)).Model;
        return PolicyYamlEditor.ReplaceModelSection(text, ObservationModelYamlWriter.Write(model, document));
    }

    private static string Replace(string text, string from, string to) =>
        text.Contains(from, StringComparison.Ordinal)
            ? text.Replace(from, to, StringComparison.Ordinal)
            : throw new InvalidOperationException("The sample policy no longer contains '" + from + "'; update the benchmark's edit.");

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoMix.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AutoMix.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class PolicyFile(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
