using System.Net;
using System.Text.Json;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Server.Configuration;
using AutoMix.Server.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace AutoMix.Server.Tests.Configuration;

/// <summary>Serving a policy straight from the compiler: tiers, default table and named operating points carry over.</summary>
public sealed class CompiledPolicyTests
{
    private static PolicyCompilation CompileTwoTier()
    {
        var verifier = new VerifierSpec(VerifierMethod.SelfVerification, 3, 1.0, 0.5, ObservationBinning.Equal(2), SourceSpan.None);
        var tiers = new EquatableArray<TierSpec>(new[]
        {
            new TierSpec("small", "small-model", 1, verifier, SourceSpan.None),
            new TierSpec("large", "large-model", 10, null, SourceSpan.None),
        });
        var states = new EquatableArray<HiddenState>(new[]
        {
            new HiddenState("small-right", 0.6, new EquatableArray<double>(new[] { 1.0, 1.0 }), new EquatableArray<ObservationRow>(new[] { new ObservationRow("small", new EquatableArray<double>(new[] { 0.1, 0.9 })) }), SourceSpan.None),
            new HiddenState("small-wrong", 0.4, new EquatableArray<double>(new[] { 0.0, 1.0 }), new EquatableArray<ObservationRow>(new[] { new ObservationRow("small", new EquatableArray<double>(new[] { 0.8, 0.2 })) }), SourceSpan.None),
        });
        // "economy" may spend at most small + its verifier per query, so its table can never escalate.
        var economy = new OperatingPointSpec("economy", ObjectiveSpec.ForMaxExpectedCost(1.5), SourceSpan.None);
        var router = new RouterSpec(RouterKind.Pomdp, 0, null, ObjectiveSpec.MaxIbc, new EquatableArray<OperatingPointSpec>(new[] { economy }), SourceSpan.None);
        var document = new PolicyDocument(1, "compiled-qa", null, null, tiers, router, new ObservationModel(states, null, SourceSpan.None), null, SourceSpan.None);
        var compilation = PolicyCompiler.Compile(document, "compiled-qa.automix.yaml");
        Assert.False(compilation.HasErrors, string.Join("; ", compilation.Diagnostics));
        return compilation;
    }

    [Fact]
    public async Task Compiled_policy_is_served_with_its_operating_points()
    {
        var small = new ScriptedTier("Lyon", verdictCorrect: false);
        var large = new ScriptedTier("Paris");
        await using var server = await RunningServer.StartAsync(o => o.Policies.Add(ServedPolicy.FromCompilation(CompileTwoTier(), new IChatClient[] { small, large })));

        using var models = await server.Client.GetAsync("/v1/models");
        using var listing = JsonDocument.Parse(await models.Content.ReadAsStringAsync());
        var model = listing.RootElement.GetProperty("data")[0];
        Assert.Equal("compiled-qa", model.GetProperty("id").GetString());
        Assert.Equal(new[] { "default", "economy" }, model.GetProperty("automix").GetProperty("operating_points").EnumerateArray().Select(p => p.GetString()).ToArray());

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest.Replace("\"qa\"", "\"compiled-qa\"", StringComparison.Ordinal), operatingPoint: "economy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("small", Http.Header(response, "x-automix-tier"));
        Assert.Equal(0, large.TotalCalls);
    }

    [Fact]
    public void Compilation_with_errors_is_refused_listing_them()
    {
        var failed = new PolicyCompilation(
            "broken.automix.yaml", null, null, EquatableArray<OperatingPoint>.Empty, EquatableArray<FrontierPoint>.Empty,
            new EquatableArray<PolicyDiagnostic>(new[] { PolicyDiagnosticDescriptors.InternalError.Create("broken.automix.yaml", SourceSpan.None, "solver exploded") }));

        var error = Assert.Throws<ArgumentException>(() => ServedPolicy.FromCompilation(failed, new IChatClient[] { new ScriptedTier("a"), new ScriptedTier("b") }));

        Assert.Contains("Policy 'broken.automix.yaml' did not compile", error.Message, StringComparison.Ordinal);
        Assert.Contains("solver exploded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Openai_backends_must_cover_exactly_the_tiers()
    {
        var backend = new AutoMix.OpenAI.OpenAICompatibleClientOptions { Endpoint = new Uri("http://127.0.0.1:1/v1") };

        var missing = Assert.Throws<ArgumentException>(() => ServedPolicy.WithOpenAIBackends(TestCascades.TwoTier(), new Dictionary<string, AutoMix.OpenAI.OpenAICompatibleClientOptions> { ["small"] = backend }));
        var unknown = Assert.Throws<ArgumentException>(() => ServedPolicy.WithOpenAIBackends(TestCascades.TwoTier(), new Dictionary<string, AutoMix.OpenAI.OpenAICompatibleClientOptions> { ["small"] = backend, ["large"] = backend, ["huge"] = backend }));

        Assert.Contains("no backend is configured for tier(s) large", missing.Message, StringComparison.Ordinal);
        Assert.Contains("has no tier(s) huge; its tiers are small, large", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quickstart_policy_file_is_served_with_its_economy_point()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "policies", "quickstart.automix.yaml");
        var small = new ScriptedTier("Paris", verdictCorrect: true);
        var large = new ScriptedTier("Paris, France");
        await using var server = await RunningServer.StartAsync(o => o.Policies.Add(ServedPolicy.FromPolicyFile(path, new IChatClient[] { small, large })));

        using var models = await server.Client.GetAsync("/v1/models");
        using var listing = JsonDocument.Parse(await models.Content.ReadAsStringAsync());
        var model = listing.RootElement.GetProperty("data")[0];
        Assert.Equal("Quickstart", model.GetProperty("id").GetString());
        Assert.Equal(new[] { "default", "economy" }, model.GetProperty("automix").GetProperty("operating_points").EnumerateArray().Select(p => p.GetString()).ToArray());

        using var response = await Http.PostChatAsync(server.Client, Http.SimpleRequest.Replace("\"qa\"", "\"Quickstart\"", StringComparison.Ordinal), operatingPoint: "economy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("economy", Http.Header(response, "x-automix-operating-point"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var automix = body.RootElement.GetProperty("automix");
        var first = automix.GetProperty("steps")[0];
        Assert.Equal("small", first.GetProperty("tier").GetString());

        // The economy point (expected cost at most 8) is the small tier answering without its verifier: the cheapest
        // policy on the solver's frontier now that verification is itself a decision.
        Assert.Equal("accepted_unverified", first.GetProperty("outcome").GetString());
        Assert.Equal(0, first.GetProperty("verifier_samples").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("confidence").ValueKind);
        Assert.Equal(0, small.VerificationCalls);
        Assert.Equal(automix.GetProperty("tier").GetString(), Http.Header(response, "x-automix-tier"));
    }

    [Fact]
    public void A_policy_file_with_errors_is_refused_with_its_diagnostics()
    {
        var path = Path.Combine(Path.GetTempPath(), "automix-serve-" + Guid.NewGuid().ToString("N") + ".automix.yaml");
        File.WriteAllText(path, "automix: 1\npolicy: Broken\ntiers: []\n");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => ServedPolicy.FromPolicyFile(path, new IChatClient[] { new ScriptedTier("a") }));

            Assert.Contains("did not compile", error.Message, StringComparison.Ordinal);
            Assert.Contains("AMX", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_policy_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ServedPolicy.FromPolicyFile("/no/such/policy.automix.yaml", new IChatClient[] { new ScriptedTier("a") }));

        Assert.Equal("Policy file '/no/such/policy.automix.yaml' was not found.", error.Message);
    }
}
