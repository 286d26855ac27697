using System.Diagnostics;
using System.Text.Json;

namespace AutoMix.IntegrationTests;

/// <summary>build/AutoMix.props: which files reach the generator as policies, evaluated by MSBuild itself.</summary>
public sealed class PropsTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("automix-props-").FullName;

    [Fact]
    public async Task The_glob_adds_every_policy_once_outside_bin_and_obj_and_can_be_turned_off()
    {
        Write("Policies/listed.automix.yaml");
        Write("deep/nested/globbed.automix.yaml");
        Write("obj/stale/ignored.automix.yaml");
        Write("bin/Debug/ignored.automix.yaml");
        Write("custom.yaml");
        File.WriteAllText(Path.Combine(_project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(FindRepository(), "build", "AutoMix.props")}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <AdditionalFiles Include="Policies/listed.automix.yaml" Listed="yes" />
                <AdditionalFiles Include="custom.yaml" AutoMixPolicy="true" />
              </ItemGroup>
            </Project>
            """);

        var globbed = await AdditionalFilesAsync(enableGlob: true);
        var listedOnly = await AdditionalFilesAsync(enableGlob: false);

        Assert.Equal(
            new[] { "Policies/listed.automix.yaml", "custom.yaml", "deep/nested/globbed.automix.yaml" },
            globbed.Select(f => f.RelativePath));
        Assert.Equal("yes", globbed[0].Listed);
        Assert.Equal("true", globbed[2].AutoMixPolicy);
        Assert.Equal(new[] { "Policies/listed.automix.yaml", "custom.yaml" }, listedOnly.Select(f => f.RelativePath));
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private async Task<List<(string RelativePath, string Listed, string AutoMixPolicy)>> AdditionalFilesAsync(bool enableGlob)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "msbuild", "Consumer.csproj", "-t:AutoMixCollectPolicies", "-getItem:AdditionalFiles", "-p:EnableAutoMixPolicyGlob=" + (enableGlob ? "true" : "false"), "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, "dotnet msbuild failed:\n" + output + await stderr);

        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Select(item => (
                Path.GetRelativePath(_project, item.GetProperty("FullPath").GetString()!).Replace('\\', '/'),
                item.TryGetProperty("Listed", out var listed) ? listed.GetString() ?? string.Empty : string.Empty,
                item.TryGetProperty("AutoMixPolicy", out var marker) ? marker.GetString() ?? string.Empty : string.Empty))
            .ToList();
    }

    private void Write(string relativePath)
    {
        var path = Path.Combine(_project, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# placeholder\n");
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
