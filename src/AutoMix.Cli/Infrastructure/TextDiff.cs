using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace AutoMix.Cli.Infrastructure;

/// <summary>A compact line diff for <c>--dry-run</c>: changed lines with a little context, '-' old and '+' new.</summary>
internal static class TextDiff
{
    public static string Unified(string oldText, string newText, string oldName, string newName, int context = 2)
    {
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(oldText, newText);
        var lines = model.Lines;
        var output = new StringBuilder().Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var lastPrinted = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == ChangeType.Unchanged)
            {
                continue;
            }

            var from = System.Math.Max(lastPrinted + 1, i - context);
            if (lastPrinted >= 0 && from > lastPrinted + 1)
            {
                output.Append("...\n");
            }

            for (var j = from; j < i; j++)
            {
                output.Append(' ').Append(lines[j].Text).Append('\n');
            }

            output.Append(lines[i].Type == ChangeType.Deleted ? '-' : '+').Append(lines[i].Text).Append('\n');
            lastPrinted = i;

            // Trailing context once the run of changes ends.
            if (i + 1 < lines.Count && lines[i + 1].Type == ChangeType.Unchanged)
            {
                for (var j = i + 1; j < lines.Count && j <= i + context && lines[j].Type == ChangeType.Unchanged; j++)
                {
                    output.Append(' ').Append(lines[j].Text).Append('\n');
                    lastPrinted = j;
                }
            }
        }

        return output.ToString();
    }
}
