using System.Diagnostics;

namespace AutoMix.Packaging.Tests;

/// <summary>
/// Runs tests/newcomer-trial.sh: a fresh clone without ../shared, README's "Using it in your project" steps verbatim
/// (local feed, new console app, the README's policy and Program.cs against two stand-in clients), a broken policy
/// that must yield AMX diagnostics alone, a README in every package, and AutoMix.OpenAI without AutoMix.
/// The script clones, so it checks the committed state of the repository.
/// </summary>
public sealed class NewcomerTrialTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(25);

    [Fact]
    public async Task The_readme_app_builds_from_a_local_feed_runs_and_a_broken_policy_gives_only_AMX_errors()
    {
        var repository = FindRepository();
        if (!Directory.Exists(Path.Combine(repository, ".git")) && !File.Exists(Path.Combine(repository, ".git")))
        {
            Assert.Skip("needs a git checkout: the trial clones the repository");
        }

        using var process = Process.Start(new ProcessStartInfo("bash", new[] { Path.Combine(repository, "tests", "newcomer-trial.sh"), repository })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tests/newcomer-trial.sh did not finish within {Limit}.");
        }

        var log = await output + await error;
        Assert.True(process.ExitCode == 0, "tests/newcomer-trial.sh failed:\n" + log);
        Assert.Contains("newcomer trial: passed", log, StringComparison.Ordinal);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoMix.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AutoMix.sln not found above " + AppContext.BaseDirectory);
    }
}
