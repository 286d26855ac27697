using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>
/// A query as the cascade sees it: the caller's conversation, split into the question (the last user message)
/// and its context (system text and the earlier turns). Context is rendered lazily, only when a verifier needs it.
/// </summary>
public sealed class CascadeQuery
{
    private readonly int _questionIndex;
    private string? _context;

    public CascadeQuery(IReadOnlyList<ChatMessage> messages, string? instructions = null)
    {
        Instructions = string.IsNullOrWhiteSpace(instructions) ? null : instructions;
        ArgumentNullException.ThrowIfNull(messages);
        Messages = messages;
        _questionIndex = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is null)
            {
                throw new ArgumentException($"Message {i} of the conversation is null.", nameof(messages));
            }

            if (messages[i].Role == ChatRole.User)
            {
                _questionIndex = i;
                break;
            }
        }

        if (_questionIndex < 0)
        {
            throw new ArgumentException("The conversation has no user message for the cascade to answer.", nameof(messages));
        }

        Question = messages[_questionIndex].Text;
    }

    /// <summary>The caller's messages, unchanged.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>The caller's <see cref="ChatOptions.Instructions"/>, which belong to the context like system text.</summary>
    public string? Instructions { get; }

    /// <summary>Text of the last user message.</summary>
    public string Question { get; }

    /// <summary>
    /// Instructions and system text followed by the turns before the question ("User: …", "Assistant: …"), or an empty string
    /// when the question stands alone.
    /// </summary>
    public string Context => _context ??= RenderContext();

    private string RenderContext()
    {
        if (_questionIndex == 0)
        {
            return Instructions?.Trim() ?? string.Empty;
        }

        // The common shape, one system message and no instructions, needs no builder: its trimmed text is the context.
        if (Instructions is null && SingleSystemText() is { } only)
        {
            return only.Trim();
        }

        var builder = new StringBuilder();
        if (Instructions is not null)
        {
            builder.Append(Instructions.Trim());
        }

        for (var i = 0; i < _questionIndex; i++)
        {
            var message = Messages[i];
            var text = message.Text;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            if (message.Role == ChatRole.System)
            {
                builder.Append(text.Trim());
            }
            else
            {
                builder.Append(RoleLabel(message.Role)).Append(": ").Append(text.Trim());
            }
        }

        return builder.ToString();
    }

    /// <summary>The text of the only non-blank message before the question, when that message is a system message; else null.</summary>
    private string? SingleSystemText()
    {
        string? only = null;
        for (var i = 0; i < _questionIndex; i++)
        {
            var text = Messages[i].Text;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (only is not null || Messages[i].Role != ChatRole.System)
            {
                return null;
            }

            only = text;
        }

        return only;
    }

    private static string RoleLabel(ChatRole role) =>
        role == ChatRole.User ? "User"
        : role == ChatRole.Assistant ? "Assistant"
        : role == ChatRole.Tool ? "Tool"
        : role.Value;
}
