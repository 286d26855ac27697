using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoMix.Generators.Tests.Infrastructure;

/// <summary>An additional file held in memory, as the compiler hands policy files to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public string Content { get; } = text;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>An additional file whose text cannot be read (GetText returns null, as for a missing file).</summary>
internal sealed class UnreadableAdditionalText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
}

/// <summary>An additional file whose reading fails with an exception (a broken file system or IDE buffer).</summary>
internal sealed class ThrowingAdditionalText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => throw new IOException("disk on fire");
}
