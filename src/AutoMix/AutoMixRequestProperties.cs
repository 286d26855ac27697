using System;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>
/// Keys the cascade puts into <see cref="ChatOptions.AdditionalProperties"/> of every backend call it makes, so a
/// backend (a replay of recorded runs, a simulator, a logging proxy) can tell an answer from a verifier call and
/// which tier and sample it belongs to. Adapters that talk to real APIs must not forward keys starting with
/// <see cref="Prefix"/> (OpenAI rejects unknown request arguments); the official OpenAI client sends no additional properties.
/// </summary>
public static class AutoMixRequestProperties
{
    /// <summary>Every cascade key starts with this prefix.</summary>
    public const string Prefix = "automix.";

    /// <summary>Why the call is made: <see cref="AnswerPurpose"/> or <see cref="VerificationPurpose"/>.</summary>
    public const string Purpose = "automix.purpose";

    /// <summary>The tier's answer to the task prompt.</summary>
    public const string AnswerPurpose = "answer";

    /// <summary>A verifier call: a self-verification verdict, a self-consistency sample or the logprob verdict.</summary>
    public const string VerificationPurpose = "verification";

    /// <summary>The name of the tier the call is made for.</summary>
    public const string Tier = "automix.tier";

    /// <summary>
    /// Zero-based index of the first verifier sample the call produces (a multi-choice request with "n" = m
    /// produces samples index … index + m − 1). Only on verification calls, and only when
    /// <see cref="AutoMixCascadeOptions.NameVerifierSamples"/> is set.
    /// </summary>
    public const string SampleIndex = "automix.sample";

    /// <summary>
    /// The query's question (its last user message). Verifier prompts wrap the question in their own text, so a
    /// backend that answers per query (a replay of recorded runs) reads it here instead of parsing the prompt.
    /// </summary>
    public const string Question = "automix.question";

    /// <summary>True for keys the cascade owns (they start with <see cref="Prefix"/>).</summary>
    public static bool IsCascadeKey(string key) => key is not null && key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The purpose of a call, or null when the options carry none (the call did not come from a cascade).</summary>
    public static string? GetPurpose(this ChatOptions? options) => Read<string>(options, Purpose);

    /// <summary>The tier of a call, or null.</summary>
    public static string? GetTier(this ChatOptions? options) => Read<string>(options, Tier);

    /// <summary>The question of a call, or null.</summary>
    public static string? GetQuestion(this ChatOptions? options) => Read<string>(options, Question);

    /// <summary>The first sample index of a verification call, or null.</summary>
    public static int? GetSampleIndex(this ChatOptions? options) =>
        options?.AdditionalProperties is { } props && props.TryGetValue(SampleIndex, out var value) && value is int index ? index : null;

    /// <summary>Writes purpose, tier and question (and the sample index when given) into options the cascade owns.</summary>
    internal static ChatOptions Mark(ChatOptions options, string purpose, string tier, string question, int? sampleIndex = null)
    {
        var props = options.AdditionalProperties ??= new AdditionalPropertiesDictionary();
        props[Purpose] = purpose;
        props[Tier] = tier;
        props[Question] = question;
        if (sampleIndex is { } index)
        {
            props[SampleIndex] = index;
        }
        else
        {
            props.Remove(SampleIndex);
        }

        return options;
    }

    /// <summary>A copy of <paramref name="options"/> with <see cref="SampleIndex"/> set (options are shared by concurrent requests).</summary>
    internal static ChatOptions WithSampleIndex(ChatOptions options, int index)
    {
        var copy = options.Clone();
        (copy.AdditionalProperties ??= new AdditionalPropertiesDictionary())[SampleIndex] = index;
        return copy;
    }

    private static T? Read<T>(ChatOptions? options, string key)
        where T : class =>
        options?.AdditionalProperties is { } props && props.TryGetValue(key, out var value) ? value as T : null;
}
