using System.Reflection;
using System.Text.RegularExpressions;
using AutoMix.Policies.Diagnostics;
using Xunit;

namespace AutoMix.Policies.Tests.Parsing;

public class DiagnosticCatalogTests
{
    [Fact]
    public void Every_descriptor_has_a_unique_well_formed_id_title_and_help()
    {
        var all = PolicyDiagnosticDescriptors.All;
        Assert.Equal(all.Count, all.Select(d => d.Id).Distinct().Count());
        Assert.All(all, d =>
        {
            Assert.Matches(new Regex(@"^AMX\d{4}$"), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Title), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.HelpText), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.MessageFormat), d.Id);
        });
        Assert.Equal(all.Select(d => d.Id).Order(StringComparer.Ordinal), all.Select(d => d.Id));
    }

    [Fact]
    public void All_lists_every_public_static_descriptor_field()
    {
        var fields = typeof(PolicyDiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(PolicyDiagnosticDescriptor))
            .Select(f => (PolicyDiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(fields);
        Assert.Equal(fields.Select(d => d.Id).Order(StringComparer.Ordinal), PolicyDiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_message_format_accepts_enough_arguments()
    {
        // Formatting with more arguments than slots must work; a malformed format string would throw here, not in a build.
        var args = Enumerable.Range(0, 6).Select(i => (object?)("arg" + i)).ToArray();
        Assert.All(PolicyDiagnosticDescriptors.All, d => Assert.NotNull(d.Create("f", SourceSpan.None, args).Message));
    }
}
