using System.Text;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Parsing;
using Xunit;

namespace AutoMix.Policies.Tests.Compilation;

/// <summary>
/// No input the parser accepts may make the compiler spend seconds or gigabytes: tiers, nesting, table size and
/// generated size are capped with diagnostics, estimated before the expensive work. Each test also bounds the
/// wall-clock time generously (the capped paths take milliseconds; the old code took minutes or ran out of memory).
/// </summary>
public class CostLimitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A threshold policy with <paramref name="tiers"/> tiers of 9 bins each.</summary>
    private static string Tiers(int tiers, double threshold = 0.9, string description = "d")
    {
        var text = new StringBuilder($"automix: 1\npolicy: Many\ndescription: {description}\ntiers:\n");
        for (var i = 0; i < tiers; i++)
        {
            text.Append($"  - name: t{i}\n    model: m{i}\n    cost: {i + 1}\n");
            if (i < tiers - 1)
            {
                text.Append("    verifier: { method: self-verification, samples: 8 }\n");
            }
        }

        return text.Append($"router:\n  kind: threshold\n  threshold: {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n").ToString();
    }

    private static PolicyCompilation CompileWithin(string text)
    {
        var task = Task.Run(() => PolicyCompiler.Compile(text, "limits.automix.yaml"));
        Assert.True(task.Wait(Bound), "compiling took longer than " + Bound);
        return task.Result;
    }

    [Fact]
    public void Ten_threshold_tiers_are_refused_before_the_table_is_built()
    {
        var compilation = CompileWithin(Tiers(10));

        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("AMX0030", diagnostic.Id);
        Assert.Equal("The routing table would have more than 10,000 decision nodes; at most 10,000 are supported", diagnostic.Message);
        Assert.Equal(4 + 9 * 4 + 3 + 2, diagnostic.Span.StartLine + 1); // the router's mapping, after the header and the tiers
        Assert.Null(compilation.Default);
    }

    [Fact]
    public void Five_tiers_fit_and_compile()
    {
        var compilation = CompileWithin(Tiers(5));

        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
        Assert.InRange(compilation.Default!.Table.NodeCount, 100, CompilationLimits.MaxTableNodes);
    }

    [Fact]
    public void More_than_sixteen_tiers_is_AMX0028()
    {
        var compilation = CompileWithin(Tiers(50));

        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("AMX0028", diagnostic.Id);
        Assert.Equal("The policy has 50 tiers; at most 16 are supported", diagnostic.Message);
        Assert.Equal(5, diagnostic.Span.StartLine + 1);
    }

    [Theory]
    [InlineData(200_000)]
    [InlineData(40)]
    public void Deep_flow_nesting_is_AMX0029_at_the_level_past_the_cap(int depth)
    {
        var text = "automix: 1\npolicy: Deep\ndescription: " + new string('[', depth) + new string(']', depth) + "\n";

        var compilation = CompileWithin(text);

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("AMX0029", diagnostic.Id);
        Assert.Equal((3, 14 + PolicyParser.MaxNestingDepth - 1), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Fact]
    public void Deep_block_nesting_is_AMX0029()
    {
        var text = new StringBuilder("automix: 1\npolicy: Deep\ndescription:\n");
        for (var level = 1; level <= 100; level++)
        {
            text.Append(' ', level * 2).Append("k:\n");
        }

        var compilation = CompileWithin(text.ToString());

        Assert.Equal("AMX0029", Assert.Single(compilation.Diagnostics).Id);
    }

    [Fact]
    public void A_megabyte_description_is_AMX0031()
    {
        var compilation = CompileWithin(Tiers(2, description: new string('x', 5_000_000)));

        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("AMX0031", diagnostic.Id);
        Assert.StartsWith("The generated class would be about 5,0", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thousand_samples_without_binning_would_make_1001_bins_and_is_AMX0018()
    {
        var text = Tiers(2).Replace("samples: 8", "samples: 1000", StringComparison.Ordinal);

        var compilation = CompileWithin(text);

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("AMX0018", diagnostic.Id);
        Assert.Contains("samples + 1 = 1001 bins, more than the 1000 supported", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((8, 53), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
        var binned = CompileWithin(text.Replace("samples: 1000", "samples: 1000, observations: { bins: 10 }", StringComparison.Ordinal));
        Assert.DoesNotContain(binned.Diagnostics, d => d.IsError);
    }
}
