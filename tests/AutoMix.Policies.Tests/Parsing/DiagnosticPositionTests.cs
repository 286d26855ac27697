using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>One test per diagnostic the parser produces: ID, one-based line and column, and the message's key facts.</summary>
public class DiagnosticPositionTests
{
    [Fact]
    public void The_base_input_is_valid()
    {
        var result = Parse(Valid);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Document);
    }

    [Fact]
    public void AMX0001_yaml_syntax_error_points_at_the_problem()
    {
        // At the bracket left open, not where YamlDotNet gave up (line 6).
        var diagnostic = AssertDiagnostic(Fixture("yaml-syntax.automix.yaml"), "AMX0001", 5, 5);
        Assert.Equal("YAML syntax error: '{' opened on line 5 is not closed: add '}' at the end of the list", diagnostic.Message);

        // An unterminated quote, at the opening quote.
        var quote = AssertDiagnostic("automix: 1\npolicy: 'Demo\n", "AMX0001", 2, 9);
        Assert.Equal("YAML syntax error: the quote opened on line 2 is not closed: add the closing quote on the same line", quote.Message);
    }

    [Fact]
    public void AMX0002_unknown_key_points_at_the_key_and_names_the_section()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("samples: 2", "sampels: 2"), "AMX0002", 9, 7);
        Assert.Equal("Unknown key 'sampels' in tiers[0].verifier; did you mean 'samples'?", diagnostic.Message);
    }

    [Fact]
    public void AMX0003_missing_key_points_at_the_parent_mapping()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("    model: m-large\n", ""), "AMX0003", 10, 5);
        Assert.Equal("Missing required key 'model' in tiers[1]", diagnostic.Message);
    }

    [Fact]
    public void AMX0004_wrong_type_says_expected_and_found()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: ten"), "AMX0004", 12, 11);
        Assert.Equal("'tiers[1].cost' must be a number, but found 'ten'", diagnostic.Message);
    }

    [Fact]
    public void AMX0005_unsupported_schema_version()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("automix: 1", "automix: 2"), "AMX0005", 1, 10);
        Assert.Contains("'2'", diagnostic.Message);
    }

    [Fact]
    public void AMX0006_invalid_tier_name_says_why()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("name: large", "name: large-model"), "AMX0006", 10, 11);
        Assert.Contains("contains '-'", diagnostic.Message);
        Assert.Contains("large_model", diagnostic.Message);
    }

    [Fact]
    public void AMX0007_duplicate_tier_name_gives_the_first_line()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("name: large", "name: small"), "AMX0007", 10, 11);
        Assert.Contains("first at line 4", diagnostic.Message);
    }

    [Fact]
    public void AMX0008_too_few_tiers()
    {
        var diagnostic = AssertDiagnostic(Fixture("one-tier.automix.yaml"), "AMX0008", 5, 3);
        Assert.Equal("A cascade needs at least two tiers, but 1 tier is defined", diagnostic.Message);
    }

    [Fact]
    public void AMX0009_non_positive_cost()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("cost: 10", "cost: 0"), "AMX0009", 12, 11);
        Assert.Equal("'tiers[1].cost' must be greater than 0, but is 0", diagnostic.Message);
    }

    [Fact]
    public void AMX0010_verifier_on_the_last_tier()
    {
        var diagnostic = AssertDiagnostic(Fixture("verifier-on-last-tier.automix.yaml"), "AMX0010", 12, 5);
        Assert.Contains("'large'", diagnostic.Message);
    }

    [Fact]
    public void AMX0011_missing_verifier_points_at_the_tier()
    {
        var text = Valid.ReplaceOnce("    verifier:\n      method: self-verification\n      samples: 2\n", "");
        var diagnostic = AssertDiagnostic(text, "AMX0011", 4, 5);
        Assert.Contains("'small'", diagnostic.Message);
    }

    [Fact]
    public void AMX0012_observation_row_length_must_match_the_bins()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("[0.5, 0.3, 0.2]", "[0.5, 0.5]"), "AMX0012", 20, 16);
        Assert.Equal("Observation row for tier 'small' in state 's0' has 2 entries, but the tier has 3 observation bins (3 = samples + 1): give one probability per bin, or rerun 'automix calibrate' to rewrite the model", diagnostic.Message);
    }

    [Fact]
    public void AMX0013_observation_row_must_sum_to_one()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("[0.5, 0.3, 0.2]", "[0.5, 0.3, 0.3]"), "AMX0013", 20, 16);
        Assert.Contains("sums to 1.1,", diagnostic.Message);
    }

    [Fact]
    public void AMX0014_priors_must_sum_to_one()
    {
        var text = Valid.ReplaceOnce("    - prior: 0.5\n      performance: [0, 1]", "    - prior: 0.6\n      performance: [0, 1]");
        var diagnostic = AssertDiagnostic(text, "AMX0014", 17, 5);
        Assert.Contains("sum to 1.1,", diagnostic.Message);
    }

    [Fact]
    public void AMX0015_performance_vector_needs_one_value_per_tier()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("performance: [0, 1]", "performance: [0, 1, 1]"), "AMX0015", 18, 20);
        Assert.Equal("State 's0' has 3 performance values, but the policy has 2 tiers", diagnostic.Message);
    }

    [Fact]
    public void AMX0016_performance_outside_the_unit_interval()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("performance: [1, 1]", "performance: [1, 1.5]"), "AMX0016", 22, 24);
        Assert.Equal("Performance 1.5 of state 's1' is outside [0, 1]", diagnostic.Message);
    }

    [Fact]
    public void AMX0017_threshold_outside_the_unit_interval()
    {
        var diagnostic = AssertDiagnostic(Fixture("threshold-out-of-range.automix.yaml"), "AMX0017", 14, 14);
        Assert.Equal("'router.threshold' is 1.5, outside [0, 1]", diagnostic.Message);
    }

    [Fact]
    public void AMX0018_invalid_value_explains_the_constraint()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("samples: 2", "samples: 0"), "AMX0018", 9, 16);
        Assert.Equal("'tiers[0].verifier.samples' is 0: at least 1 sample is needed", diagnostic.Message);
    }

    [Fact]
    public void AMX0019_unknown_enum_value_lists_the_options_and_suggests_one()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("method: self-verification", "method: self-verfication"), "AMX0019", 8, 15);
        Assert.Equal(
            "'self-verfication' is not a valid value for 'tiers[0].verifier.method'; expected one of "
            + "'self-verification', 'self-consistency' or 'logprob'; did you mean 'self-verification'?",
            diagnostic.Message);
    }

    [Fact]
    public void AMX0020_duplicate_key_points_at_the_second_occurrence()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("    cost: 10\n", "    cost: 10\n    cost: 20\n"), "AMX0020", 13, 5);
        Assert.Equal("Key 'cost' appears more than once (first at line 12)", diagnostic.Message);
    }

    [Fact]
    public void AMX0021_pomdp_router_without_a_model()
    {
        AssertDiagnostic(Fixture("pomdp-without-model.automix.yaml"), "AMX0021", 13, 9);
    }

    [Fact]
    public void AMX0022_observation_row_for_a_tier_that_is_not_verified()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("        small: [0.1, 0.2, 0.7]", "        large: [0.1, 0.2, 0.7]"), "AMX0022", 24, 9);
        Assert.Equal("'large' does not name a verified tier; verified tiers are 'small'", diagnostic.Message);
    }

    [Fact]
    public void AMX0023_policy_name_must_be_a_type_name()
    {
        var diagnostic = AssertDiagnostic(Valid.ReplaceOnce("policy: Demo", "policy: 9Lives"), "AMX0023", 2, 9);
        Assert.StartsWith("'policy' is '9Lives', which is not a valid C# type name: it starts with '9'", diagnostic.Message);
    }

    [Fact]
    public void AMX0024_probability_outside_the_unit_interval()
    {
        var text = Valid.ReplaceOnce("    - prior: 0.5\n      performance: [1, 1]", "    - prior: 1.5\n      performance: [1, 1]");
        var diagnostic = AssertDiagnostic(text, "AMX0024", 21, 14);
        Assert.Equal("'model.states[1].prior' is 1.5, outside [0, 1]", diagnostic.Message);
    }

    [Fact]
    public void AMX0025_empty_policy()
    {
        var result = Parse("# nothing but a comment\n\n   \n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("AMX0025", diagnostic.Id);
        Assert.Equal((0, 0), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
        Assert.Null(result.Document);
        Assert.Equal("AMX0025", Assert.Single(Parse(string.Empty).Diagnostics).Id);
        Assert.Equal("AMX0025", Assert.Single(Parse("---\n").Diagnostics).Id);
    }

    [Fact]
    public void AMX0026_missing_observation_row()
    {
        var text = Valid.ReplaceOnce("      observations:\n        small: [0.1, 0.2, 0.7]", "      observations: {}");
        var diagnostic = AssertDiagnostic(text, "AMX0026", 23, 21);
        Assert.Equal("State 's1' has no observation row for verified tier 'small'", diagnostic.Message);
    }

    [Fact]
    public void AMX0027_duplicate_state_name()
    {
        var diagnostic = AssertDiagnostic(Fixture("duplicate-state-name.automix.yaml"), "AMX0027", 20, 13);
        Assert.Equal("State name 'twin' is used more than once (first at line 16)", diagnostic.Message);
    }
}
