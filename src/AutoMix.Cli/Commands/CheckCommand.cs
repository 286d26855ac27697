using System.CommandLine;
using System.Linq;
using AutoMix.Cli.Infrastructure;
using AutoMix.Policies.Compilation;

namespace AutoMix.Cli.Commands;

/// <summary>
/// <c>automix check &lt;policy.yaml…&gt;</c>: the generator's validation from the command line (same compiler, same
/// diagnostics), for CI pipelines that do not build C#. Exit code 1 when any policy has errors.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var policies = new Argument<string[]>("policies") { Description = "Policy files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Validate and solve policies; print diagnostics; exit 1 on errors.") { policies };
        command.SetAction(parse =>
        {
            var failed = 0;
            foreach (var path in parse.GetRequiredValue(policies))
            {
                var compilation = PolicyCompiler.Compile(PolicyFiles.ReadText(path), path);
                PolicyFiles.Print(compilation, context);
                var errors = compilation.Diagnostics.Count(d => d.IsError);
                var warnings = compilation.Diagnostics.Count - errors;
                if (errors > 0)
                {
                    failed++;
                }

                context.Out.WriteLine($"{path}: {(errors > 0 ? "FAILED" : "ok")} ({errors} error(s), {warnings} warning(s))");
            }

            return failed > 0 ? ExitCodes.PolicyErrors : ExitCodes.Success;
        });
        return command;
    }
}
