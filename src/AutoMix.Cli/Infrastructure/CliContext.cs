using System.IO;

namespace AutoMix.Cli.Infrastructure;

/// <summary>Where a command writes: injected so tests run commands in-process and read what they printed.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error);
