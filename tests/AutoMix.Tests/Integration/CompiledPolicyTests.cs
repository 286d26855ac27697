using AutoMix.Policies.Compilation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Tests.Fakes;
using AutoMix.Verification;
using Microsoft.Extensions.AI;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.Integration;

/// <summary>The sample policies, compiled by the real policy compiler, executed by the runtime.</summary>
public class CompiledPolicyTests
{
    public static TheoryData<string> SamplePolicies()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policies"), "*.automix.yaml").OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    private static CascadeDefinition Compile(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "policies", file);
        var parsed = PolicyParser.Parse(File.ReadAllText(path), path);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics));
        return CascadeDefinition.FromCompilation(PolicyCompiler.Compile(parsed.Document!, path));
    }

    [Fact]
    public void Sample_policies_are_found()
    {
        Assert.True(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policies"), "*.automix.yaml").Length >= 3);
    }

    [Theory]
    [MemberData(nameof(SamplePolicies))]
    public async Task Every_decision_follows_the_compiled_table(string file)
    {
        var definition = Compile(file);
        var pointNames = new[] { (string?)null }.Concat(definition.OperatingPoints.Keys).ToList();
        var tables = 0;
        foreach (var pointName in pointNames)
        {
            var table = pointName is null ? definition.DefaultTable : definition.OperatingPoints[pointName];
            tables++;
            foreach (var confidence in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
            {
                var clients = definition.Tiers.Select(t => Backend(t, confidence)).ToArray();
                var cascade = new AutoMixCascade(definition, clients);
                var options = pointName is null ? null : new ChatOptions().WithOperatingPoint(pointName);

                var result = await cascade.RunAsync(Question(), options);

                var trace = result.Trace;
                Assert.Equal(pointName ?? "default", trace.OperatingPoint);
                Assert.Equal(0, trace.Steps[0].Node);
                for (var i = 0; i < trace.Steps.Count; i++)
                {
                    var step = trace.Steps[i];
                    Assert.Equal(table.NodeTier[step.Node], step.TierIndex);
                    if (step.Bin is not { } bin)
                    {
                        // A node without slots answers unverified: the final tier's answer, or an earlier tier's
                        // that the table trusts without asking its verifier.
                        Assert.False(table.Verifies(step.Node));
                        Assert.Equal(step.TierIndex == definition.Tiers.Count - 1 ? CascadeStepOutcome.Answered : CascadeStepOutcome.AcceptedUnverified, step.Outcome);
                        continue;
                    }

                    var verifier = definition.Tiers[step.TierIndex].Verifier!;
                    if (verifier.Adaptive is { } sampling)
                    {
                        // An adaptive verifier's bin is the point its last round reached; every earlier round drew on.
                        var last = step.Rounds[^1];
                        Assert.Equal(sampling.PointOf(last.Round, last.Agreeing), bin);
                        Assert.All(step.Rounds.Take(step.Rounds.Count - 1), r => Assert.True(table.ActionAt(step.Node, sampling.PointOf(r.Round, r.Agreeing)).IsContinue));
                    }
                    else
                    {
                        Assert.Equal(verifier.Binning.BinOf(step.Confidence!.Value), bin);
                    }

                    Assert.Equal(table.ActionAt(step.Node, bin), step.Action);
                    if (step.Outcome == CascadeStepOutcome.Routed)
                    {
                        Assert.Equal(table.Next(step.Node, bin), trace.Steps[i + 1].Node);
                    }
                }

                Assert.Equal(trace.Steps[^1].TierIndex, trace.AnsweringTier);
                Assert.Equal(definition.Tiers[trace.AnsweringTier].Model, result.Response.ModelId);
            }
        }

        Assert.Equal(1 + definition.OperatingPoints.Count, tables);
    }

    [Fact]
    public void A_policy_with_errors_has_no_definition()
    {
        var compilation = new PolicyCompilation("broken.automix.yaml", null, null, default, default, default);
        Assert.Throws<ArgumentException>(() => CascadeDefinition.FromCompilation(compilation));
    }

    /// <summary>A backend whose verifier reports roughly <paramref name="confidence"/> with any method.</summary>
    private static IChatClient Backend(CascadeTier tier, double confidence)
    {
        var client = new FakeChatClient(tier.Model, "answer of " + tier.Name);
        if (tier.Verifier is not { } verifier)
        {
            return client;
        }

        var k = Math.Max(1, verifier.Samples);
        var correct = (int)Math.Round(confidence * k);
        client.Verdicts = Enumerable.Range(0, k).Select(i => i < correct ? Correct : Incorrect).ToArray();
        client.SampleAnswers = Enumerable.Range(0, k).Select(i => i < correct ? client.Answer : "something else").ToArray();
        if (verifier.Method == VerifierMethod.Logprob)
        {
            var p = Math.Clamp(confidence, 1e-6, 1 - 1e-6);
            client.Logprobs = new[]
            {
                new TokenLogprob("correct", Math.Log(p), new[]
                {
                    new TokenLogprob("correct", Math.Log(p), Array.Empty<TokenLogprob>()),
                    new TokenLogprob("incorrect", Math.Log(1 - p), Array.Empty<TokenLogprob>()),
                }),
            };
        }

        return client;
    }
}
