namespace AutoMix.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it printed.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AutoMixCommandLine.InvokeAsync(args, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string Policy(string name) => Path.Combine(AppContext.BaseDirectory, "policies", name);

    /// <summary>A scratch file with the given text, deleted by the OS temp cleanup.</summary>
    public static string TempFile(string text, string extension = ".automix.yaml")
    {
        var path = Path.Combine(Path.GetTempPath(), "automix-cli-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, text);
        return path;
    }
}
