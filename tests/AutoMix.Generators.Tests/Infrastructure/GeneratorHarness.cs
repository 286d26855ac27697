using System.Collections.Immutable;
using System.Reflection;
using AutoMix.Policies.Tables;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoMix.Generators.Tests.Infrastructure;

/// <summary>Runs the generator the way the compiler does, with in-memory policy files and MSBuild options.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly IReadOnlyDictionary<string, string> DefaultGlobalOptions = new Dictionary<string, string>
    {
        ["build_property.RootNamespace"] = "Consumer.App",
        ["build_property.ProjectDir"] = "/src/consumer/",
    };

    /// <summary>The test's own references (trusted platform assemblies) plus the assemblies generated code uses.</summary>
    public static IReadOnlyList<MetadataReference> References { get; } = BuildReferences();

    public static CSharpCompilation CreateCompilation(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Consumer" + i + ".cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(
        IEnumerable<AdditionalText> files,
        AnalyzerConfigOptionsProvider? options = null,
        bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new AutoMixPolicyGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            options ?? new TestAnalyzerConfigOptionsProvider(DefaultGlobalOptions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once over the files; returns its result and the compilation with the generated code.</summary>
    public static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> CompilerDiagnostics) Run(
        IEnumerable<AdditionalText> files,
        AnalyzerConfigOptionsProvider? options = null,
        params string[] consumerSources)
    {
        var driver = CreateDriver(files, options);
        var compilation = CreateCompilation(consumerSources);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver.GetRunResult().Results.Single(), output, diagnostics);
    }

    public static InMemoryAdditionalText Policy(string path, string text) => new(path, text);

    /// <summary>A policy from tests/AutoMix.Generators.Tests/Policies, as the compiler would pass it (project-relative path).</summary>
    public static InMemoryAdditionalText TestPolicy(string fileName) =>
        new("/src/consumer/Policies/" + fileName, File.ReadAllText(Path.Combine(Paths.TestPolicies, fileName)));

    private static IReadOnlyList<MetadataReference> BuildReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToHashSet(StringComparer.Ordinal);
        paths.Add(typeof(PolicyTable).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location);
        foreach (var extra in ExtraAssemblies())
        {
            paths.Add(extra.Location);
        }

        return paths.Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static IEnumerable<Assembly> ExtraAssemblies()
    {
        // The runtime (AutoMixCascade, CascadeDefinition) is what generated classes derive from.
        yield return typeof(AutoMix.AutoMixCascade).Assembly;
    }
}
