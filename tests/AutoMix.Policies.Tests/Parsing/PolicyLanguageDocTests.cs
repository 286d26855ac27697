using System.Reflection;
using System.Text.RegularExpressions;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Parsing;
using Xunit;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>Keeps docs/policy-language.md in step with the parser.</summary>
public class PolicyLanguageDocTests
{
    private static string Doc()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "policy-language.md");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new FileNotFoundException("docs/policy-language.md not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_complete_example_parses_without_diagnostics()
    {
        var example = Regex.Match(Doc(), "## Complete example\\s+```yaml\\n(?<yaml>.*?)```", RegexOptions.Singleline).Groups["yaml"].Value;
        Assert.Contains("automix: 1", example);
        var result = PolicyParser.Parse(example, "docs/policy-language.md");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("economy", Assert.Single(result.Document!.Router.OperatingPoints).Name);
    }

    [Fact]
    public void Every_key_the_parser_knows_is_documented()
    {
        var doc = Doc();
        var keyLists = typeof(PolicyParser)
            .GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(string[]) && f.Name.EndsWith("Keys", StringComparison.Ordinal))
            .ToList();
        Assert.True(keyLists.Count >= 10, "the parser's key lists were not found");
        foreach (var key in keyLists.SelectMany(f => (string[])f.GetValue(null)!))
        {
            Assert.True(doc.Contains("`" + key + "`", StringComparison.Ordinal), $"key '{key}' is not documented");
        }
    }

    [Fact]
    public void Every_diagnostic_is_listed()
    {
        var doc = Doc();
        Assert.All(PolicyDiagnosticDescriptors.All, d => Assert.Contains($"| {d.Id} | {d.Title} |", doc));
    }

    [Fact]
    public void Every_diagnostic_has_a_section_with_its_help_where_its_help_link_points()
    {
        var doc = Doc();
        Assert.All(PolicyDiagnosticDescriptors.All, d =>
        {
            Assert.EndsWith("docs/policy-language.md#" + d.Id.ToLowerInvariant(), d.HelpLink, StringComparison.Ordinal);
            var section = Regex.Match(doc, "^#### " + d.Id + "\\n(?<body>.*?)(?=^#|\\z)", RegexOptions.Singleline | RegexOptions.Multiline);
            Assert.True(section.Success, $"docs/policy-language.md has no section '#### {d.Id}'");
            Assert.Contains(d.HelpText.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal), section.Groups["body"].Value, StringComparison.Ordinal);
        });
    }
}
