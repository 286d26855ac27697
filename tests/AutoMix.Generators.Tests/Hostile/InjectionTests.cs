using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoMix.Generators.Tests.Hostile;

/// <summary>
/// Policy text is untrusted: no string in a policy may end a comment or a literal in the generated source.
/// C# ends a line at CR, LF, U+0085, U+2028 and U+2029, so each of them was a way out of a <c>///</c> comment.
/// </summary>
public sealed class InjectionTests
{
    private const string Payload = "static class Injected { [global::System.Runtime.CompilerServices.ModuleInitializer] internal static void Run() => global::System.Console.WriteLine(\"INJECTED CODE RAN\"); }";

    public static TheoryData<string> LineBreaks() => new() { "\u2028", "\u2029", "\u0085", "\r", "\n", "\r\n" };

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void A_line_break_in_the_description_cannot_start_code(string lineBreak)
    {
        var text = HostilePolicies.WithText("Harmless." + lineBreak + Payload + lineBreak + "///", "small-model", "large-model", "data");

        var generated = AssertCompilesTo(text);

        AssertNoInjectedType(generated);
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void A_line_break_in_a_model_or_provenance_cannot_start_code(string lineBreak)
    {
        var hostile = "m" + lineBreak + Payload + lineBreak + "//";

        var generated = AssertCompilesTo(HostilePolicies.WithText("d", hostile, hostile, hostile));

        AssertNoInjectedType(generated);
        AssertLiteral(generated, hostile);
    }

    [Fact]
    public void Random_free_text_never_changes_the_generated_members()
    {
        var expected = Members(AssertCompilesTo(HostilePolicies.WithText("plain", "small-model", "large-model", "plain")));
        var random = new Random(20261130); // deterministic
        string[] pieces =
        {
            "\r", "\n", "\u0085", "\u2028", "\u2029", "\t", "\0", "\u001b", "\u202e", "\u200b", "\ufeff", "\"", "\\", "\\u000A",
            "'", "*/", "/*", "//", "///", "<", ">", "&", "]]>", "<!--", "{", "}", ";", "#if X", "#endregion", "@\"", "$\"{",
            "\"\"\"", "é", "漢", "\U0001F600", "x", " ", Payload, "class C { }", "</summary>", "<code>", "\\u2028",
        };

        for (var round = 0; round < 24; round++)
        {
            string Next() => string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            var (description, small, large, provenance) = (Next(), "m" + Next(), "m" + Next(), Next());

            var generated = AssertCompilesTo(HostilePolicies.WithText(description, small, large, provenance));

            Assert.Equal(expected, Members(generated));
            AssertLiteral(generated, small);
            AssertLiteral(generated, large);
        }
    }

    /// <summary>Runs the generator; asserts no diagnostic and a consumer compilation without errors; returns the generated tree.</summary>
    private static SyntaxTree AssertCompilesTo(string policy)
    {
        var (result, output, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("/src/consumer/policies/hostile.automix.yaml", policy) });
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "CS1570" || d.Id == "CS1587").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + result.GeneratedSources.Single().SourceText);
        return result.GeneratedSources.Single().SyntaxTree;
    }

    private static void AssertNoInjectedType(SyntaxTree generated)
    {
        var types = generated.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.ValueText);
        Assert.DoesNotContain("Injected", types);
    }

    /// <summary>The string reaches the code as one literal whose value is exactly the policy's text.</summary>
    private static void AssertLiteral(SyntaxTree generated, string value)
    {
        var literals = generated.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).Select(t => t.ValueText);
        Assert.Contains(value, literals);
    }

    /// <summary>Every declaration in the tree, in order: types, members, enum members, with their kind.</summary>
    private static List<string> Members(SyntaxTree tree) => tree.GetRoot().DescendantNodes()
        .Select(node => node switch
        {
            BaseTypeDeclarationSyntax type => type.Kind() + " " + type.Identifier.ValueText,
            MethodDeclarationSyntax method => "method " + method.Identifier.ValueText,
            PropertyDeclarationSyntax property => "property " + property.Identifier.ValueText,
            ConstructorDeclarationSyntax constructor => "constructor " + constructor.Identifier.ValueText,
            VariableDeclaratorSyntax field when field.Parent?.Parent is FieldDeclarationSyntax => "field " + field.Identifier.ValueText,
            EnumMemberDeclarationSyntax member => "enum member " + member.Identifier.ValueText,
            _ => null,
        })
        .OfType<string>()
        .ToList();
}
