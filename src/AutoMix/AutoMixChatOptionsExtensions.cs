using System;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>Per-call cascade settings carried in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
public static class AutoMixChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that selects an operating point by name.</summary>
    public const string OperatingPointKey = "automix.operating_point";

    /// <summary>Selects a named operating point of the cascade for calls made with these options; returns the same options.</summary>
    public static ChatOptions WithOperatingPoint(this ChatOptions options, string operatingPoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(operatingPoint);
        (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[OperatingPointKey] = operatingPoint;
        return options;
    }

    /// <summary>The operating point selected on these options, or null (default). Throws when the value is not a string.</summary>
    public static string? GetOperatingPoint(this ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !props.TryGetValue(OperatingPointKey, out var value) || value is null)
        {
            return null;
        }

        return value as string
            ?? throw new ArgumentException($"ChatOptions.AdditionalProperties[\"{OperatingPointKey}\"] must be a string, not {value.GetType().Name}.", nameof(options));
    }
}
