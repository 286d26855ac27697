using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Emission;

public sealed class EmissionTests
{
    private const string SupportConsumer = """
        using System.Threading.Tasks;
        using AutoMix;
        using Contoso.Support;
        using Microsoft.Extensions.AI;

        namespace Consumer
        {
            public static class Program
            {
                public static async Task<string> RunAsync()
                {
                    var small = new ScriptedClient("small says Paris", "incorrect");
                    var large = new ScriptedClient("large says Paris", "correct");
                    using var cascade = new SupportCascade(small, large);
                    var routed = await cascade.RunAsync(new[] { new ChatMessage(ChatRole.User, "Capital of France?") });

                    var confident = new ScriptedClient("small is sure", "correct");
                    using var cheap = new SupportCascade(confident, large, new AutoMixCascadeOptions());
                    var kept = await cheap.RunAsync(new[] { new ChatMessage(ChatRole.User, "Capital of France?") });

                    var economy = await cascade.RunAsync(
                        new[] { new ChatMessage(ChatRole.User, "Capital of France?") },
                        new ChatOptions().WithOperatingPoint(SupportCascade.OperatingPoints.Economy));

                    return string.Join("|",
                        routed.Response.Text, routed.Trace.AnsweringTierName,
                        kept.Response.Text, kept.Trace.AnsweringTierName,
                        economy.Trace.OperatingPoint, economy.Trace.AnsweringTierName,
                        SupportCascade.TierNames.Small, (int)SupportCascade.Tier.Large,
                        SupportCascade.ExpectedCost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        SupportCascade.WorstCaseCost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        SupportCascade.OperatingPointMetrics.Economy.ExpectedCost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        SupportCascade.Definition.Name,
                        SupportCascade.PolicyFile);
                }
            }
        }
        """;

    [Fact]
    public async Task Generated_cascade_compiles_and_runs_over_scripted_backends()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(
            new[] { GeneratorHarness.TestPolicy("support.automix.yaml") }, null, Snippets.ScriptedClient, SupportConsumer);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var assembly = ConsumerAssembly.Load(output);

        var text = await (Task<string>)ConsumerAssembly.InvokeStatic(assembly, "Consumer.Program", "RunAsync")!;

        Assert.Equal(
            "large says Paris|large|small is sure|small|economy|small|small|1|17|52|1|SupportCascade|Policies/support.automix.yaml",
            text);
    }

    [Fact]
    public void A_missing_backend_is_a_compile_error()
    {
        const string consumer = """
            namespace Consumer
            {
                public static class Program
                {
                    public static object Create() => new Contoso.Support.SupportCascade(new ScriptedClient("a", "correct"));
                }
            }
            """;
        var (_, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.TestPolicy("support.automix.yaml") }, null, Snippets.ScriptedClient, consumer);

        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS7036", error.Id); // no argument for the required parameter 'large'
        Assert.Contains("'large'", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_takes_one_client_per_tier_named_after_the_tiers_in_order()
    {
        var (_, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.TestPolicy("triage.automix.yaml") });

        var type = output.GetTypeByMetadataName("Consumer.App.Triage")!;
        var constructor = Assert.Single(type.InstanceConstructors);
        Assert.Equal(new[] { "small", "medium", "large", "options" }, constructor.Parameters.Select(p => p.Name));
        Assert.True(constructor.Parameters[3].IsOptional);
        Assert.Equal("AutoMix.AutoMixCascade", type.BaseType!.ToDisplayString());
        Assert.True(type.IsSealed);
        Assert.Equal(new[] { "Small", "Medium", "Large" }, type.GetTypeMembers("Tier").Single().GetMembers().OfType<IFieldSymbol>().Select(f => f.Name));
    }

    [Fact]
    public void Threshold_policy_metrics_without_a_model_are_NaN()
    {
        var (_, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.TestPolicy("triage.automix.yaml") });

        var type = output.GetTypeByMetadataName("Consumer.App.Triage")!;
        var expected = (IFieldSymbol)type.GetMembers("ExpectedCost").Single();
        var worst = (IFieldSymbol)type.GetMembers("WorstCaseCost").Single();
        Assert.True(double.IsNaN((double)expected.ConstantValue!));
        Assert.Equal(74d, (double)worst.ConstantValue!);
    }

    [Theory]
    [InlineData("namespace: From.Yaml\n", "Configured.Ns", "Root.Ns", "From.Yaml.Named")]
    [InlineData("", "Configured.Ns", "Root.Ns", "Configured.Ns.Named")]
    [InlineData("", null, "Root.Ns", "Root.Ns.Named")]
    [InlineData("", null, null, "Named")]
    public void Namespace_comes_from_the_yaml_then_AutoMixNamespace_then_RootNamespace(string yamlNamespace, string? configured, string? root, string expectedType)
    {
        var global = new Dictionary<string, string>();
        if (configured is not null)
        {
            global["build_property.AutoMixNamespace"] = configured;
        }

        if (root is not null)
        {
            global["build_property.RootNamespace"] = root;
        }

        var text = PolicyTexts.Threshold("Named", "small", "large").Replace("policy: Named\n", "policy: Named\n" + yamlNamespace, StringComparison.Ordinal);
        var (result, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("named.automix.yaml", text) }, new TestAnalyzerConfigOptionsProvider(global));

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName(expectedType));
    }

    [Theory]
    [InlineData("/src/consumer/policies/a.automix.yaml", "/src/consumer/", "policies/a.automix.yaml")]
    [InlineData("C:\\work\\app\\policies\\a.automix.yaml", "C:\\work\\app\\", "policies/a.automix.yaml")]
    [InlineData("/elsewhere/shared/a.automix.yaml", "/src/consumer/", "a.automix.yaml")]
    [InlineData("policies/a.automix.yaml", null, "policies/a.automix.yaml")]
    public void Generated_code_names_the_policy_file_relative_to_the_project_never_absolute(string path, string? projectDir, string expected)
    {
        var global = new Dictionary<string, string> { ["build_property.RootNamespace"] = "App" };
        if (projectDir is not null)
        {
            global["build_property.ProjectDir"] = projectDir;
        }

        var (result, _, _) = GeneratorHarness.Run(
            new[] { GeneratorHarness.Policy(path, PolicyTexts.Threshold("Named", "small", "large")) }, new TestAnalyzerConfigOptionsProvider(global));

        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("public const string PolicyFile = \"" + expected + "\";", source, StringComparison.Ordinal);
        Assert.DoesNotContain("/src/consumer", source, StringComparison.Ordinal);
        Assert.DoesNotContain("/elsewhere", source, StringComparison.Ordinal);
        Assert.DoesNotContain("C:", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_linked_policy_outside_the_project_is_named_by_its_link()
    {
        const string path = "/elsewhere/shared/policies/a.automix.yaml";
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [path] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.Link"] = "policies\\a.automix.yaml" },
        };

        var (result, _, _) = GeneratorHarness.Run(
            new[] { GeneratorHarness.Policy(path, PolicyTexts.Threshold("Linked", "small", "large")) },
            new TestAnalyzerConfigOptionsProvider(GeneratorHarness.DefaultGlobalOptions, perFile));

        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("public const string PolicyFile = \"policies/a.automix.yaml\";", source, StringComparison.Ordinal);
        Assert.DoesNotContain("/elsewhere", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_policy_files_are_read_an_AutoMixPolicy_marker_opts_in_or_out()
    {
        var files = new AdditionalText[]
        {
            GeneratorHarness.Policy("/src/consumer/a.automix.yaml", PolicyTexts.Threshold("ByName", "small", "large")),
            GeneratorHarness.Policy("/src/consumer/b.yaml", PolicyTexts.Threshold("ByMarker", "small", "large")),
            GeneratorHarness.Policy("/src/consumer/c.automix.yaml", PolicyTexts.Threshold("OptedOut", "small", "large")),
            GeneratorHarness.Policy("/src/consumer/notes.txt", "not yaml: [at all"),
        };
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["/src/consumer/b.yaml"] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.AutoMixPolicy"] = "true" },
            ["/src/consumer/c.automix.yaml"] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.AutoMixPolicy"] = "false" },
        };

        var (result, output, _) = GeneratorHarness.Run(files, new TestAnalyzerConfigOptionsProvider(GeneratorHarness.DefaultGlobalOptions, perFile));

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.App.ByName"));
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.App.ByMarker"));
        Assert.Null(output.GetTypeByMetadataName("Consumer.App.OptedOut"));
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void Tier_names_that_clash_with_generated_names_still_compile()
    {
        var (result, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("c.automix.yaml", PolicyTexts.Threshold("Clash", "tier", "options")) });

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var type = output.GetTypeByMetadataName("Consumer.App.Clash")!;
        Assert.Equal(new[] { "tier", "options", "cascadeOptions" }, type.InstanceConstructors.Single().Parameters.Select(p => p.Name));
        Assert.Equal(new[] { "Tier2", "Options" }, type.GetTypeMembers("Tier").Single().GetMembers().OfType<IFieldSymbol>().Select(f => f.Name));
    }

    [Fact]
    public void Output_is_deterministic_and_marked_generated()
    {
        var first = GeneratorHarness.Run(new[] { GeneratorHarness.TestPolicy("support.automix.yaml") }).Result.GeneratedSources.Single().SourceText.ToString();
        var second = GeneratorHarness.Run(new[] { GeneratorHarness.TestPolicy("support.automix.yaml") }).Result.GeneratedSources.Single().SourceText.ToString();

        Assert.Equal(first, second);
        Assert.StartsWith("// <auto-generated/>\n", first, StringComparison.Ordinal);
        Assert.Contains("#nullable enable", first, StringComparison.Ordinal);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"AutoMix.Generators\", ", first, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_returns_the_same_rendering_the_shared_formatter_produces()
    {
        var policy = GeneratorHarness.TestPolicy("support.automix.yaml");
        var (_, output, _) = GeneratorHarness.Run(new[] { policy });
        var assembly = ConsumerAssembly.Load(output);

        var described = (string)assembly.GetType("Contoso.Support.SupportCascade")!.GetMethod("Describe")!.Invoke(null, null)!;

        var parsed = AutoMix.Policies.Parsing.PolicyParser.Parse(policy.Content, policy.Path);
        var compiled = AutoMix.Policies.Compilation.PolicyCompiler.Compile(parsed.Document!, policy.Path);
        var expected = AutoMix.Policies.Compilation.PolicyTableFormatter.Format(parsed.Document!, compiled.Default!) + "\n"
            + AutoMix.Policies.Compilation.PolicyTableFormatter.Format(parsed.Document!, compiled.OperatingPoints[0]);
        Assert.Equal(expected, described);
        Assert.Contains("small     -> large  accept    accept", described, StringComparison.Ordinal);
    }
}
