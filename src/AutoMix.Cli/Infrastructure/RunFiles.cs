using System;
using System.Collections.Generic;
using System.IO;
using AutoMix.Policies.Data;

namespace AutoMix.Cli.Infrastructure;

/// <summary>Loads recorded runs, reporting each malformed line (the rest of the file is still used), and picks a split.</summary>
internal static class RunFiles
{
    public static readonly string[] Splits = { "all", "train", "test", "even", "odd" };

    public static RecordedRunSet Load(string path, CliContext context)
    {
        RecordedRunSet set;
        try
        {
            set = RecordedRunReader.ReadFile(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliException("error: " + exception.Message);
        }

        foreach (var lineError in set.Errors)
        {
            context.Error.WriteLine($"{path}({lineError.LineNumber}): warning: skipped malformed line: {lineError.Reason}");
        }

        if (set.Queries.Count == 0)
        {
            throw new CliException($"error: '{path}' has no usable recorded runs ({set.Errors.Count} malformed line(s)).");
        }

        return set;
    }

    /// <summary>
    /// all: every row; train/test: by each row's <c>split</c> field; even/odd: by zero-based line index
    /// (mot-cascade has no split: calibrate on even, evaluate on odd).
    /// </summary>
    public static IReadOnlyList<RecordedQuery> Select(RecordedRunSet set, string split)
    {
        IReadOnlyList<RecordedQuery> rows = split switch
        {
            "all" => set.Queries,
            "train" or "test" => RecordedSplits.BySplit(set.Queries, split),
            "even" => RecordedSplits.EvenOdd(set.Queries).Even,
            "odd" => RecordedSplits.EvenOdd(set.Queries).Odd,
            _ => throw new CliException($"error: --split must be one of {string.Join(", ", Splits)}, not '{split}'."),
        };

        if (rows.Count == 0)
        {
            throw new CliException($"error: split '{split}' of '{set.Source}' has no rows.");
        }

        return rows;
    }
}
