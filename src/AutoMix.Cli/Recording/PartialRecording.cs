using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using AutoMix.Cli.Infrastructure;

namespace AutoMix.Cli.Recording;

/// <summary>
/// The <c>&lt;out&gt;.partial</c> file of <c>automix record</c>: every finished question is appended to it at once, so
/// an interrupted or killed run keeps what was paid for, and the next run resumes from it instead of starting over.
/// </summary>
internal static class PartialRecording
{
    public static string PathFor(string outputPath) => outputPath + ".partial";

    /// <summary>
    /// The ids already recorded in <paramref name="partialPath"/> (none when it does not exist). A last line without
    /// its newline was cut off by a kill mid-write: it holds no complete answer, so it is removed and reported.
    /// Every complete line is kept as it is, even one that cannot be read (it is reported, not destroyed).
    /// </summary>
    public static HashSet<string> ReadRecordedIds(string partialPath, CliContext context)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(partialPath))
        {
            return ids;
        }

        var bytes = File.ReadAllBytes(partialPath);
        var completeLength = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (completeLength < bytes.Length)
        {
            using (var file = new FileStream(partialPath, FileMode.Open, FileAccess.Write))
            {
                file.SetLength(completeLength);
            }

            context.Error.WriteLine($"{partialPath}: removed an incomplete last line ({bytes.Length - completeLength} bytes) left by an interrupted run.");
        }

        var lineNumber = 0;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, completeLength).Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (IdOf(line) is { } id)
            {
                ids.Add(id);
            }
            else
            {
                context.Error.WriteLine($"{partialPath}({lineNumber}): kept a line that is not a recorded question; its question will be recorded again.");
            }
        }

        return ids;
    }

    private static string? IdOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
