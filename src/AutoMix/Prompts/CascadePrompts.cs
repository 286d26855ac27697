using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>
/// The prompts of a cascade: the task prompt each tier answers, the few-shot self-verification prompt, the
/// single-word prompt of the logprob verifier, and how a verification reply is read. Override any method to
/// customise; <see cref="Default"/> is stateless and shared.
/// </summary>
public class CascadePrompts
{
    /// <summary>The shared default prompts.</summary>
    public static CascadePrompts Default { get; } = new();

    /// <summary>
    /// The messages every tier answers. Default: the caller's conversation unchanged, so system text, earlier turns
    /// and the last user message reach the model exactly as the caller wrote them.
    /// </summary>
    public virtual IEnumerable<ChatMessage> BuildTaskPrompt(CascadeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Messages;
    }

    /// <summary>
    /// The few-shot, context-grounded self-verification prompt: a system message with the instruction and worked
    /// demonstrations, then a user message with the case (context, question, the generated answer, the instruction).
    /// The model is asked to reply with a "Reasoning:" line and a final "Verdict: correct|incorrect" line.
    /// </summary>
    public virtual IList<ChatMessage> BuildVerificationPrompt(CascadeQuery query, string answer)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answer);
        return new List<ChatMessage>(2)
        {
            new(ChatRole.System, SelfVerificationPrompt.Demonstrations),
            new(ChatRole.User, SelfVerificationPrompt.Case(query.Context, query.Question, answer)),
        };
    }

    /// <summary>The logprob verifier's prompt: the case, answered with exactly one word, "correct" or "incorrect".</summary>
    public virtual IList<ChatMessage> BuildLogprobVerificationPrompt(CascadeQuery query, string answer)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answer);
        return new List<ChatMessage>(1)
        {
            new(ChatRole.User, SelfVerificationPrompt.SingleWordCase(query.Context, query.Question, answer)),
        };
    }

    /// <summary>
    /// Reads a verification reply: the word after the last "Verdict:" label. True for correct, false for incorrect
    /// (also "not correct"), null when the reply has no readable verdict (counted as unparseable).
    /// </summary>
    public virtual bool? ParseVerdict(string reply) => VerdictParser.Parse(reply);
}
