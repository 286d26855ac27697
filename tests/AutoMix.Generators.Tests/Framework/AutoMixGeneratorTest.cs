using System.Text;
using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace AutoMix.Generators.Tests.Framework;

/// <summary>
/// <see cref="CSharpSourceGeneratorTest{TSourceGenerator, TVerifier}"/> set up for AutoMix: policies are additional
/// files, MSBuild properties come from a global analyzer config, and the generated code is compiled against the
/// runtime. Reference assemblies are the test process's own (no NuGet download: the tests run offline).
/// </summary>
internal sealed class AutoMixGeneratorTest : CSharpSourceGeneratorTest<AutoMixPolicyGenerator, DefaultVerifier>
{
    public AutoMixGeneratorTest(string rootNamespace = "Consumer.App", string projectDir = "/src/consumer/")
    {
        // An empty reference set resolved without a package: the platform assemblies come from GeneratorHarness.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        // The framework needs one C# source: the consumer project's own code.
        TestState.Sources.Add(("Consumer.cs", "namespace Consumer.App { internal static class Program { } }\n"));
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"""
            is_global = true
            build_property.RootNamespace = {rootNamespace}
            build_property.ProjectDir = {projectDir}

            """));
    }

    /// <summary>Adds a policy file at <paramref name="path"/>.</summary>
    public AutoMixGeneratorTest WithPolicy(string path, string text)
    {
        TestState.AdditionalFiles.Add((path, SourceText.From(text, Encoding.UTF8)));
        return this;
    }

    /// <summary>Expects the generator to emit <paramref name="hintName"/> with exactly <paramref name="source"/>.</summary>
    public AutoMixGeneratorTest ExpectingSource(string hintName, string source)
    {
        TestState.GeneratedSources.Add((typeof(AutoMixPolicyGenerator), hintName, SourceText.From(source, Encoding.UTF8)));
        return this;
    }

    /// <summary>Expects diagnostic <paramref name="id"/> starting at a 1-based line and column of the YAML file.</summary>
    public AutoMixGeneratorTest Expecting(string id, DiagnosticSeverity severity, string path, int line, int column, string? message = null)
    {
        var expected = new DiagnosticResult(id, severity).WithLocation(path, line, column);
        ExpectedDiagnostics.Add(message is null ? expected : expected.WithMessage(message));
        return this;
    }

    /// <summary>Diagnostics-only test: the generated source is not compared (the baseline tests own it).</summary>
    public AutoMixGeneratorTest IgnoringGeneratedSources()
    {
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return this;
    }
}
