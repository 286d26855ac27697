using System.CommandLine;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Compilation;

namespace AutoMix.Cli.Commands;

/// <summary><c>automix table &lt;policy.yaml&gt;</c>: the solved table, its figures and the λ-frontier.</summary>
internal static class TableCommand
{
    public static Command Create(CliContext context)
    {
        var policy = new Argument<string>("policy") { Description = "The policy file (*.automix.yaml)." };
        var command = new Command("table", "Print the solved policy table, its expected cost and quality, worst case and the lambda-frontier.") { policy };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(policy);
            var compilation = PolicyFiles.CompileOrThrow(path, context);
            var document = compilation.Document!;
            context.Out.Write(PolicyTableFormatter.Format(document, compilation.Default!));
            foreach (var point in compilation.OperatingPoints)
            {
                context.Out.WriteLine();
                context.Out.Write(PolicyTableFormatter.Format(document, point));
            }

            var frontier = PolicyCompiler.FrontierOf(compilation);
            if (frontier.Count > 0)
            {
                context.Out.WriteLine();
                context.Out.WriteLine($"Lambda-frontier ({frontier.Count} distinct policies, most expensive first):");
                context.Out.Write(PolicyTableFormatter.FormatFrontier(frontier));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
