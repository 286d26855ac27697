using AutoMix.Policies.Parsing;
using Xunit;

namespace AutoMix.Policies.Tests.Parsing;

public class ParsingHelperTests
{
    [Theory]
    [InlineData("small", true)]
    [InlineData("_small", true)]
    [InlineData("Größe", true)]
    [InlineData("tier2", true)]
    [InlineData("@small", false)]
    [InlineData("2tier", false)]
    [InlineData("small model", false)]
    [InlineData("small-model", false)]
    [InlineData("", false)]
    [InlineData("class", false)]
    [InlineData("var", true)] // a contextual keyword is a fine member name …
    public void Identifiers_follow_the_CSharp_rules(string name, bool valid)
    {
        Assert.Equal(valid, CSharpIdentifier.Problem(name) is null);
    }

    [Theory]
    [InlineData("PaperTwoTier", true)]
    [InlineData("var", false)] // … but not a type name
    [InlineData("record", false)]
    [InlineData("policy", false)] // CS8981
    [InlineData("Policy", true)]
    [InlineData("policy2", true)]
    public void Type_names_also_avoid_reserved_and_lower_case_names(string name, bool valid)
    {
        Assert.Equal(valid, CSharpIdentifier.TypeNameProblem(name) is null);
    }

    [Fact]
    public void Line_map_counts_the_same_breaks_as_Roslyn()
    {
        var map = new LineMap("a\r\nb\rc\nd\u2028e\u0085f\u2029g");
        Assert.Equal(7, map.LineCount);
        var span = map.SpanOf(13, 14); // 'g'
        Assert.Equal((6, 0, 6, 1), (span.StartLine, span.StartColumn, span.EndLine, span.EndColumn));
        var afterCr = map.SpanOf(2, 2); // the '\n' of "\r\n" still belongs to line 0
        Assert.Equal((0, 2), (afterCr.StartLine, afterCr.StartColumn));
    }

    [Fact]
    public void Suggestions_ignore_case_and_stop_at_distance_two()
    {
        Assert.Equal("pomdp", KeySuggester.Suggest("POMDP", new[] { "threshold", "pomdp" }));
        Assert.Equal("pomdp", KeySuggester.Suggest("pmdp", new[] { "threshold", "pomdp" }));
        Assert.Null(KeySuggester.Suggest("markov", new[] { "threshold", "pomdp" }));
        Assert.Equal(string.Empty, KeySuggester.SuggestionSuffix("markov", new[] { "pomdp" }));
        Assert.Equal(3, KeySuggester.Distance("kitten", "sitting"));
    }
}
