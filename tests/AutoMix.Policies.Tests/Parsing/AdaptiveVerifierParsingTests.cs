using AutoMix.Policies.Model;
using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>The verifier's <c>adaptive</c> key: defaults, the cost model, and a located error for every misuse.</summary>
public class AdaptiveVerifierParsingTests
{
    private static string With(string adaptive, string extra = "") =>
        Valid.ReplaceOnce("      samples: 2\n", "      samples: 2\n      cost: 0.5\n" + extra + "      adaptive: " + adaptive + "\n");

    [Fact]
    public void Adaptive_true_takes_every_default()
    {
        var result = Parse(With("true"));

        Assert.Empty(result.Diagnostics);
        var verifier = result.Document!.Tiers[0].Verifier!;
        Assert.Equal(new AdaptiveSampling(2, 2, 0, 0.25), verifier.Adaptive);
        Assert.Equal(3, verifier.Binning.BinCount); // one bin per count of agreeing samples
        Assert.Equal(0.5, verifier.MaxCost, 12);    // every round at the defaults costs what the fixed-k verifier costs
    }

    [Fact]
    public void A_mapping_sets_batch_and_both_costs()
    {
        var result = Parse(With("{ batch: 1, round-cost: 0.1, sample-cost: 0.3 }"));

        Assert.Empty(result.Diagnostics);
        var sampling = result.Document!.Tiers[0].Verifier!.Adaptive!;
        Assert.Equal(new AdaptiveSampling(2, 1, 0.1, 0.3), sampling);
        Assert.Equal((2 * 0.1) + (2 * 0.3), result.Document.Tiers[0].Verifier!.MaxCost, 12);
        Assert.Equal(1 + (2 * 0.1) + (2 * 0.3), result.Document.Tiers[0].VisitCost, 12);
    }

    [Fact]
    public void Adaptive_false_is_the_fixed_k_verifier()
    {
        var result = Parse(With("false"));

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Document!.Tiers[0].Verifier!.Adaptive);
    }

    [Theory]
    [InlineData("{ batch: 3 }", "AMX0018", "between 1 and samples (2)")]
    [InlineData("{ batch: 0 }", "AMX0018", "between 1 and samples (2)")]
    [InlineData("{ round-cost: -1 }", "AMX0018", "cannot be negative")]
    [InlineData("{ sample-cost: -0.5 }", "AMX0018", "cannot be negative")]
    [InlineData("{ batsh: 2 }", "AMX0002", "batch")]
    [InlineData("yes", "AMX0004", "true, false or a mapping")]
    public void Misuse_is_one_located_error(string adaptive, string id, string text)
    {
        var result = Parse(With(adaptive));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(text, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(10, diagnostic.Span.StartLine); // the adaptive line (0-based), below samples and cost
    }

    [Fact]
    public void A_logprob_verifier_cannot_be_adaptive()
    {
        var text = Valid.ReplaceOnce("      method: self-verification\n      samples: 2\n", "      method: logprob\n      adaptive: true\n")
            .ReplaceOnce("small: [0.5, 0.3, 0.2]", "small: [0.5, 0.3, 0.1, 0.05, 0.05, 0, 0, 0, 0]")
            .ReplaceOnce("small: [0.1, 0.2, 0.7]", "small: [0.1, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05]");

        var diagnostic = Assert.Single(Parse(text).Diagnostics);

        Assert.Equal("AMX0018", diagnostic.Id);
        Assert.Contains("only 'self-verification' and 'self-consistency' can be adaptive", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observations_on_an_adaptive_verifier_are_an_error()
    {
        var result = Parse(With("true", "      observations: { bins: 3 }\n"));

        Assert.Contains(result.Diagnostics, d => d.Id == "AMX0018" && d.Message.Contains("remove 'observations'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_schedule_with_too_many_decision_points_is_refused()
    {
        var text = Valid.ReplaceOnce("      samples: 2\n", "      samples: 100\n      adaptive: { batch: 1 }\n");

        var result = Parse(text);

        Assert.Contains(result.Diagnostics, d => d.Id == "AMX0018" && d.Message.Contains("decision points", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "AMX0012"); // no follow-on row-length errors
    }
}
