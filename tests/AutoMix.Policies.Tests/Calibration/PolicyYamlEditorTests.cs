using AutoMix.Policies.Calibration;
using Xunit;

namespace AutoMix.Policies.Tests.Calibration;

public class PolicyYamlEditorTests
{
    private const string NewModel = "model:\n  states: []\n";

    [Fact]
    public void Replaces_the_model_block_and_keeps_everything_else_byte_for_byte()
    {
        var before = "# Policy header comment\nschema: 1\npolicy: Support   # trailing comment\ntiers:\n  - name: small   # keep me\n    model: m\n";
        var oldModel = "model:   # old model\n  states:\n    # a comment inside the model goes with it\n    - name: a\n      prior: 1\n\n";
        var after = "# Budget comment belongs to budget\n\n# and so does this one\nbudget:\n  max-cost-per-query: 3\n";

        var edited = PolicyYamlEditor.ReplaceModelSection(before + oldModel + after, NewModel);

        // The blank line that separated the sections stays with the comments before the next key.
        Assert.Equal(before + NewModel + "\n" + after, edited);
    }

    [Fact]
    public void Model_at_end_of_file_is_replaced_and_trailing_comments_kept()
    {
        var before = "schema: 1\n";
        var edited = PolicyYamlEditor.ReplaceModelSection(before + "model:\n  states:\n    - name: a\n# end of file comment\n", NewModel);
        Assert.Equal(before + NewModel + "# end of file comment\n", edited);
    }

    [Fact]
    public void Appends_when_there_is_no_model()
    {
        Assert.Equal("schema: 1\n" + NewModel, PolicyYamlEditor.ReplaceModelSection("schema: 1\n", NewModel));
        Assert.Equal("schema: 1\n" + NewModel, PolicyYamlEditor.ReplaceModelSection("schema: 1", NewModel));
        Assert.Equal(NewModel, PolicyYamlEditor.ReplaceModelSection(string.Empty, NewModel));
    }

    [Fact]
    public void Keys_that_only_start_with_model_or_are_indented_are_not_the_model_section()
    {
        var text = "models:\n  - a\ntiers:\n  - name: small\n    model: m\n";
        Assert.Equal(text + NewModel, PolicyYamlEditor.ReplaceModelSection(text, NewModel));
    }

    [Fact]
    public void Keeps_crlf_line_endings()
    {
        var text = "schema: 1\r\nmodel:\r\n  states: [x]\r\n# note\r\nbudget: {}\r\n";
        Assert.Equal("schema: 1\r\nmodel:\r\n  states: []\r\n# note\r\nbudget: {}\r\n", PolicyYamlEditor.ReplaceModelSection(text, NewModel));
    }

    [Fact]
    public void Duplicate_model_keys_are_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PolicyYamlEditor.ReplaceModelSection("model:\n  a: 1\nmodel:\n  b: 2\n", NewModel));
        Assert.Contains("more than one top-level 'model:'", error.Message, StringComparison.Ordinal);
    }
}
