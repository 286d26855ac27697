namespace AutoMix.Packaging.Tests;

/// <summary>
/// The AutoMix package alone is enough: pack it to a folder feed, restore a brand-new project from it (with a
/// private package cache so nothing stale is used), and the policy in that project becomes a usable cascade.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "automix-pack-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_fresh_project_restored_from_the_package_builds_and_runs_its_generated_cascade()
    {
        var repository = FindRepository();
        var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var consumer = Directory.CreateDirectory(Path.Combine(_root, "consumer")).FullName;
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };

        // Packed from its own build in a private artifacts folder: packing changes how AutoMix.Policies is referenced
        // (bundled, not a dependency), and the repository's bin/obj folders of running tests must not be touched.
        var pack = await DotNetCli.RunAsync(repository, environment, StepTimeout,
            "pack", Path.Combine(repository, "src", "AutoMix", "AutoMix.csproj"), "-c", "Release", "-o", feed,
            "-p:PackageVersion=" + version, "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(_root, "artifacts"));
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        var nuspec = ReadNuspec(Path.Combine(feed, "AutoMix." + version + ".nupkg"));
        Assert.DoesNotContain("AutoMix.Policies", nuspec, StringComparison.Ordinal);

        WriteConsumer(consumer, feed, version);
        var run = await DotNetCli.RunAsync(consumer, environment, StepTimeout, "run", "-c", "Release");

        Assert.True(run.ExitCode == 0, "The consumer failed to build or run:\n" + run.Output);
        Assert.Contains("answer=large: Paris tier=large", run.Output, StringComparison.Ordinal);
        Assert.Contains("type=Shop.Cascades.ShopCascade file=policies/shop.automix.yaml worst=22", run.Output, StringComparison.Ordinal);
        Assert.Contains("operating-points=default,cheap", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", run.Output, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting process; the folder is under the temp directory and unique to this run.
        }
    }

    private static void WriteConsumer(string folder, string feed, string version)
    {
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="automix-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Shop.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>Shop</RootNamespace>
                <AutoMixNamespace>Shop.Cascades</AutoMixNamespace>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AutoMix" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        Directory.CreateDirectory(Path.Combine(folder, "policies"));
        File.WriteAllText(Path.Combine(folder, "policies", "shop.automix.yaml"), """
            automix: 1
            policy: ShopCascade
            tiers:
              - name: small
                model: small-model
                cost: 1
                verifier: { method: self-verification, samples: 2, observations: { bins: 3 } }
              - name: large
                model: large-model
                cost: 20
            router:
              kind: pomdp
              # At λ = 0.01 the small tier is worth calling under this model; at 0.005 the solver would start at large.
              objective: { lambda: 0.01 }
              operating-points:
                - name: cheap
                  objective: { max-expected-cost: 3 }
            model:
              states:
                - name: easy
                  prior: 0.7
                  performance: [0.9, 0.95]
                  observations: { small: [0.1, 0.2, 0.7] }
                - name: hard
                  prior: 0.3
                  performance: [0.1, 0.9]
                  observations: { small: [0.7, 0.2, 0.1] }
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using Shop.Cascades;

            /// <summary>A consumer of the AutoMix package.</summary>
            public static class Program
            {
                /// <summary>Runs the generated cascade once over scripted backends.</summary>
                public static async Task Main()
                {
                    using var cascade = new ShopCascade(new Scripted("small: Lyon", "incorrect"), new Scripted("large: Paris", "correct"));
                    var result = await cascade.RunAsync(new[] { new ChatMessage(ChatRole.User, "Capital of France?") });
                    Console.WriteLine("answer=" + result.Response.Text + " tier=" + result.Trace.AnsweringTierName);
                    Console.WriteLine("type=" + typeof(ShopCascade).FullName + " file=" + ShopCascade.PolicyFile
                        + " worst=" + ShopCascade.WorstCaseCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Console.WriteLine("operating-points=" + ShopCascade.OperatingPoints.Default + "," + ShopCascade.OperatingPoints.Cheap);
                }
            }

            /// <summary>Answers with a fixed text; replies to verification prompts with a fixed verdict.</summary>
            internal sealed class Scripted(string answer, string verdict) : IChatClient
            {
                public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                {
                    var prompt = string.Join("\n", messages.Select(m => m.Text));
                    var reply = prompt.Contains("verdict", StringComparison.OrdinalIgnoreCase) ? "Verdict: " + verdict : answer;
                    return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
                }

                public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                    throw new NotSupportedException();

                public object? GetService(Type serviceType, object? serviceKey = null) => null;

                public void Dispose()
                {
                }
            }
            """);
    }

    private static string ReadNuspec(string package)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(package);
        using var reader = new StreamReader(archive.GetEntry("AutoMix.nuspec")!.Open());
        return reader.ReadToEnd();
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
