using System.IO;
using System.Linq;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Cli.Infrastructure;

/// <summary>Loads and compiles policy files with the one policy compiler, printing its diagnostics like a compiler.</summary>
internal static class PolicyFiles
{
    public static string ReadText(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"error: policy file '{path}' does not exist.");
        }

        return File.ReadAllText(path);
    }

    /// <summary>Compiles a policy; prints every diagnostic; throws when there are errors.</summary>
    public static PolicyCompilation CompileOrThrow(string path, CliContext context)
    {
        var compilation = PolicyCompiler.Compile(ReadText(path), path);
        Print(compilation, context);
        if (compilation.HasErrors || compilation.Default is null)
        {
            var errors = compilation.Diagnostics.Count(d => d.IsError);
            throw new CliException($"{path}: {errors} error(s); fix them and run again.", ExitCodes.PolicyErrors);
        }

        return compilation;
    }

    /// <summary>
    /// Each diagnostic like the build prints it, followed by the catalog's help and where the docs explain it. All of
    /// them, errors, warnings and infos alike, go to stderr: stdout carries only the command's result (a table, JSON),
    /// whichever command compiled the policy.
    /// </summary>
    public static void Print(PolicyCompilation compilation, CliContext context)
    {
        foreach (var diagnostic in compilation.Diagnostics)
        {
            context.Error.WriteLine(diagnostic.ToString());
            if (PolicyDiagnosticDescriptors.ById(diagnostic.Id) is { } descriptor)
            {
                context.Error.WriteLine($"  help: {descriptor.HelpText} ({descriptor.HelpPath})");
            }
        }
    }
}
