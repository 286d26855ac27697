using AutoMix.Evaluation.Scoring;
using Xunit;

namespace AutoMix.Evaluation.Tests.Scoring;

public class AnswerScorerTests
{
    [Theory]
    [InlineData("The Eiffel Tower!", "eiffel tower")]
    [InlineData("  U.S.A.  ", "usa")]
    [InlineData("an   apple\na day", "apple day")]
    [InlineData("Well-known", "well known")]
    [InlineData("Café au lait", "café au lait")]
    [InlineData("tab\tseparated", "tab separated")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalisation_drops_case_punctuation_articles_and_extra_whitespace(string? text, string expected) =>
        Assert.Equal(expected, AnswerScorer.Normalize(text));

    [Fact]
    public void Exact_match_is_the_best_over_the_gold_answers()
    {
        Assert.Equal(1, AnswerScorer.ExactMatch("the Beatles.", new[] { "Rolling Stones", "Beatles" }));
        Assert.Equal(0, AnswerScorer.ExactMatch("Beatles band", new[] { "Beatles" }));
        Assert.Equal(0, AnswerScorer.ExactMatch("", new[] { "Beatles" }));
    }

    [Fact]
    public void F1_counts_overlapping_tokens()
    {
        // prediction "big red dog" (3 tokens), gold "red dog" (2): 2 common → P = 2/3, R = 1, F1 = 0.8.
        Assert.Equal(0.8, AnswerScorer.F1("The big red dog", new[] { "red dog" }), 12);
        Assert.Equal(1, AnswerScorer.F1("Red dog.", new[] { "cat", "the red dog" }), 12);
        Assert.Equal(0, AnswerScorer.F1("cat", new[] { "dog" }));
        Assert.Equal(0, AnswerScorer.F1("", new[] { "dog" }));
    }

    [Fact]
    public void F1_counts_repeated_tokens_only_as_often_as_the_gold_has_them()
    {
        // "dog dog dog" vs "dog": 1 common → P = 1/3, R = 1, F1 = 0.5.
        Assert.Equal(0.5, AnswerScorer.F1("dog dog dog", new[] { "dog" }), 12);
    }
}
