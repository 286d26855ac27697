using Xunit;

namespace AutoMix.Cli.Tests.Hostile;

/// <summary>A calibrate killed between writing its temporary file and moving it leaves it behind; the next run removes it.</summary>
public class CalibrateTemporaryFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public async Task Stale_temporary_files_of_dead_processes_are_removed_and_live_ones_kept()
    {
        var directory = Directory.CreateTempSubdirectory("automix-calibrate-").FullName;
        var policy = Path.Combine(directory, "two-tier.automix.yaml");
        File.Copy(Fixture("two-tier.automix.yaml"), policy);
        var stale = policy + ".tmp-2147483647"; // no process has this id
        var live = policy + ".tmp-1"; // process 1 (init) always runs: a live writer, maybe mid-write
        File.WriteAllText(stale, "half a policy");
        File.WriteAllText(live, "another writer's file");

        var (code, output, error) = await CliRunner.RunAsync("calibrate", policy, "--runs", Fixture("runs.jsonl"), "--split", "train");

        Assert.True(code == 0, output + error);
        Assert.False(File.Exists(stale));
        Assert.Contains($"Removed {stale}, left by an interrupted run", error, StringComparison.Ordinal);
        Assert.True(File.Exists(live));
        Assert.Equal(new[] { policy, live }.Order(), Directory.GetFiles(directory).Order());
    }
}
