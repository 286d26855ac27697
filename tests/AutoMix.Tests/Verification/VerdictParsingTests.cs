using AutoMix.Verification;
using Xunit;

namespace AutoMix.Tests.Verification;

public class VerdictParsingTests
{
    [Theory]
    [InlineData("Reasoning: ok.\nVerdict: correct", true)]
    [InlineData("Reasoning: no.\nVerdict: incorrect", false)]
    [InlineData("**Verdict:** Correct.", true)]
    [InlineData("verdict - INCORRECT", false)]
    [InlineData("Verdict: not correct", false)]
    [InlineData("Verdict: correct\nOn reflection...\nVerdict: incorrect", false)]
    [InlineData("Reasoning: the answer is correct.", null)]
    [InlineData("Verdict: maybe", null)]
    [InlineData("Verdict:\ncorrect", null)]
    [InlineData("", null)]
    public void Default_prompts_read_the_last_verdict_line(string reply, bool? expected) =>
        Assert.Equal(expected, CascadePrompts.Default.ParseVerdict(reply));

    [Theory]
    [InlineData("  Paris. ", "paris")]
    [InlineData("New   York\tCity!!", "new york city")]
    [InlineData("42", "42")]
    [InlineData("...", "")]
    [InlineData(null, "")]
    public void Answers_are_normalised_for_self_consistency(string? answer, string expected) =>
        Assert.Equal(expected, AnswerNormalizer.Normalize(answer));
}
