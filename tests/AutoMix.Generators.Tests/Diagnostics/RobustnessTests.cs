using AutoMix.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoMix.Generators.Tests.Diagnostics;

/// <summary>Whatever is typed into a policy, the generator neither throws nor reports outside the file.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Paths.SamplePolicies, "*.automix.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Mangled_samples_never_crash_the_generator_and_every_diagnostic_points_into_the_file(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(Paths.SamplePolicies, fileName));
        var random = new Random(fileName.Length * 7919); // deterministic per sample
        const string noise = ":-[]{},#'\"\n  0.5x&*!|>";

        for (var round = 0; round < 40; round++)
        {
            var mangled = round switch
            {
                0 => string.Empty,
                1 => text[..(text.Length / 2)],
                _ => Mangle(text, random, noise),
            };
            var path = "policies/" + fileName;

            var (result, _, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy(path, mangled) });

            Assert.Null(result.Exception);
            var lines = mangled.Split('\n').Length;
            foreach (var diagnostic in result.Diagnostics)
            {
                Assert.NotEqual("AMX0201", diagnostic.Id);
                var span = diagnostic.Location.GetLineSpan();
                Assert.Equal(path, span.Path);
                Assert.InRange(span.StartLinePosition.Line, 0, lines);
            }

            Assert.True(
                result.GeneratedSources.Length == 1 || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error),
                "no cascade and no error for round " + round + ":\n" + mangled);
        }
    }

    private static string Mangle(string text, Random random, string noise)
    {
        var chars = text.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, noise[random.Next(noise.Length)]);
                    break;
                default:
                    chars[at] = noise[random.Next(noise.Length)];
                    break;
            }
        }

        return new string(chars.ToArray());
    }
}
