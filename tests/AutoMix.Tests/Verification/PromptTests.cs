using Microsoft.Extensions.AI;
using Xunit;

namespace AutoMix.Tests.Verification;

public class PromptTests
{
    [Fact]
    public void Query_splits_system_text_and_earlier_turns_from_the_last_user_message()
    {
        var query = new CascadeQuery(new List<ChatMessage>
        {
            new(ChatRole.System, "Answer from the passage: Lyon is France's third city."),
            new(ChatRole.User, "Which city is discussed?"),
            new(ChatRole.Assistant, "Lyon."),
            new(ChatRole.User, "Which rank does it have?"),
        });

        Assert.Equal("Which rank does it have?", query.Question);
        Assert.Equal("Answer from the passage: Lyon is France's third city.\nUser: Which city is discussed?\nAssistant: Lyon.", query.Context);
    }

    [Fact]
    public void A_single_system_message_is_the_context_trimmed_and_blank_messages_do_not_count()
    {
        var query = new CascadeQuery(new List<ChatMessage>
        {
            new(ChatRole.Assistant, "  "),
            new(ChatRole.System, "  Answer from the passage: Lyon is France's third city.\n"),
            new(ChatRole.User, ""),
            new(ChatRole.User, "Which city is discussed?"),
        });

        Assert.Equal("Answer from the passage: Lyon is France's third city.", query.Context);
        Assert.Equal("User: Earlier question.\nAnswer briefly.", new CascadeQuery(new List<ChatMessage>
        {
            new(ChatRole.User, "Earlier question."),
            new(ChatRole.System, "Answer briefly."),
            new(ChatRole.User, "Which city is discussed?"),
        }).Context);
    }

    [Fact]
    public async Task Chat_options_instructions_are_part_of_the_verifier_context()
    {
        var tiers = AutoMix.Tests.Fakes.Cascades.TwoTiers(samples: 1);
        var small = new AutoMix.Tests.Fakes.FakeChatClient("small-model", "Oslo");
        var cascade = new AutoMixCascade(
            AutoMix.Tests.Fakes.Cascades.Definition(tiers, AutoMix.Tests.Fakes.Cascades.Threshold(tiers, 0)),
            new IChatClient[] { small, new AutoMix.Tests.Fakes.FakeChatClient("large-model") });

        await cascade.RunAsync(AutoMix.Tests.Fakes.Cascades.Question("Capital of Norway?"), new ChatOptions { Instructions = "Answer with one city." });

        var verification = small.Requests.Single(r => AutoMix.Tests.Fakes.FakeChatClient.IsVerification(r.Messages)).Messages[^1].Text;
        Assert.Contains("Context: Answer with one city.", verification);
        Assert.Contains("AI Generated Answer: Oslo", verification);
    }

    [Fact]
    public void A_conversation_without_a_user_message_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CascadeQuery(new List<ChatMessage> { new(ChatRole.System, "hi") }));
        Assert.Contains("no user message", ex.Message);
    }

    [Fact]
    public void Verification_prompt_has_demonstrations_then_the_grounded_case()
    {
        var query = new CascadeQuery(new List<ChatMessage> { new(ChatRole.System, "The sky is green here."), new(ChatRole.User, "What colour is the sky?") });
        var prompt = CascadePrompts.Default.BuildVerificationPrompt(query, "green");

        Assert.Equal(2, prompt.Count);
        Assert.Equal(ChatRole.System, prompt[0].Role);
        Assert.Equal(3, CountOf(prompt[0].Text, "### Example"));
        Assert.Equal(3, CountOf(prompt[0].Text, "\nVerdict: "));
        var target = prompt[1].Text;
        Assert.Contains("Context: The sky is green here.", target);
        Assert.Contains("Question: What colour is the sky?", target);
        Assert.Contains("AI Generated Answer: green", target);
        Assert.True(target.IndexOf("Context:", StringComparison.Ordinal) < target.IndexOf("Question:", StringComparison.Ordinal));
        Assert.True(target.IndexOf("Question:", StringComparison.Ordinal) < target.IndexOf("AI Generated Answer:", StringComparison.Ordinal));
    }

    [Fact]
    public void Custom_prompts_replace_the_task_prompt()
    {
        var prompts = new PrefixPrompts();
        var query = new CascadeQuery(new List<ChatMessage> { new(ChatRole.User, "q") });
        var messages = prompts.BuildTaskPrompt(query).ToList();
        Assert.Equal("Be brief.", messages[0].Text);
        Assert.Equal("q", messages[1].Text);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    internal sealed class PrefixPrompts : CascadePrompts
    {
        public override IEnumerable<ChatMessage> BuildTaskPrompt(CascadeQuery query) =>
            new[] { new ChatMessage(ChatRole.System, "Be brief.") }.Concat(query.Messages);
    }
}
