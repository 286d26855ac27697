using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace AutoMix.Cli.Infrastructure;

/// <summary>
/// Replaces a file in one step: the text goes to <c>&lt;file&gt;.tmp-&lt;pid&gt;</c> beside it (same directory, so the
/// move is a rename) and is moved over it, so an interrupted write never leaves half a file. A process killed
/// between the two leaves its temporary file behind; the next write removes such files when their process is gone.
/// </summary>
internal static class AtomicFile
{
    private const string Marker = ".tmp-";

    public static void WriteAllText(string path, string text, CliContext context)
    {
        RemoveStaleTemporaries(path, context);
        var temporary = path + Marker + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Deletes <c>&lt;file&gt;.tmp-&lt;pid&gt;</c> files whose process no longer runs (a live one may be mid-write).</summary>
    internal static void RemoveStaleTemporaries(string path, CliContext context)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var prefix = Path.GetFileName(path) + Marker;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var candidate in Directory.EnumerateFiles(directory, prefix + "*"))
        {
            var suffix = Path.GetFileName(candidate).Substring(prefix.Length);
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !IsRunning(pid) && TryDelete(candidate))
            {
                context.Error.WriteLine($"Removed {candidate}, left by an interrupted run (process {pid}).");
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
