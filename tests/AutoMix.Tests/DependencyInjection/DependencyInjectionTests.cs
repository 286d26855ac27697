using AutoMix.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static AutoMix.Tests.Fakes.Cascades;

namespace AutoMix.Tests.DependencyInjection;

public class DependencyInjectionTests
{
    [Fact]
    public async Task Definition_registration_resolves_tier_backends_by_key()
    {
        var tiers = TwoTiers(samples: 2);
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("small", new FakeChatClient("small-model", "from small") { Verdicts = new[] { Correct } });
        services.AddKeyedSingleton<IChatClient>("large", new FakeChatClient("large-model", "from large"));
        services.AddAutoMixCascade(Definition(tiers, Threshold(tiers, 2)), (_, options) => options.TierFailureMode = TierFailureMode.Fail);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync(Question());

        Assert.Equal("from small", response.Text);
        var cascade = Assert.IsType<AutoMixCascade>(client);
        Assert.Same(cascade, provider.GetRequiredService<AutoMixCascade>());
        Assert.Equal(TierFailureMode.Fail, cascade.Options.TierFailureMode);
    }

    [Fact]
    public async Task Keyed_registration_lets_cascades_coexist()
    {
        var tiers = TwoTiers(samples: 2);
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("small", new FakeChatClient("small-model", "s"));
        services.AddKeyedSingleton<IChatClient>("large", new FakeChatClient("large-model", "l"));
        services.AddKeyedAutoMixCascade("cheap", Definition(tiers, Threshold(tiers, 0), name: "cheap"));
        services.AddKeyedAutoMixCascade("careful", Definition(tiers, Threshold(tiers, 3), name: "careful"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("s", (await provider.GetRequiredKeyedService<IChatClient>("cheap").GetResponseAsync(Question())).Text);
        Assert.Equal("l", (await provider.GetRequiredKeyedService<IChatClient>("careful").GetResponseAsync(Question())).Text);
    }

    [Fact]
    public void Missing_tier_backend_names_the_tier()
    {
        var tiers = TwoTiers();
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("small", new FakeChatClient("small-model"));
        services.AddAutoMixCascade(Definition(tiers, Threshold(tiers, 3)));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());
        Assert.Contains("tier 'large'", ex.Message);
    }

    [Fact]
    public async Task Derived_cascade_registers_through_a_factory()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("small", new FakeChatClient("small-model", "s") { Verdicts = new[] { Incorrect } });
        services.AddKeyedSingleton<IChatClient>("large", new FakeChatClient("large-model", "l"));
        services.AddAutoMixCascade(sp => new SupportCascade(sp.GetRequiredKeyedService<IChatClient>("small"), sp.GetRequiredKeyedService<IChatClient>("large")));
        using var provider = services.BuildServiceProvider();

        var cascade = provider.GetRequiredService<SupportCascade>();
        Assert.Same(cascade, provider.GetRequiredService<IChatClient>());
        Assert.Equal("l", (await cascade.GetResponseAsync(Question())).Text);
    }

    [Fact]
    public async Task Cascade_works_inside_a_delegating_pipeline()
    {
        var tiers = TwoTiers(samples: 2);
        var cascade = new AutoMixCascade(Definition(tiers, Threshold(tiers, 2)), new[] { new FakeChatClient("small-model", "s"), new FakeChatClient("large-model", "l") });
        using var pipeline = new UppercasingClient(cascade);

        var response = await pipeline.GetResponseAsync(Question());

        Assert.Equal("S", response.Text);
        Assert.Equal(0, response.GetCascadeTrace()!.AnsweringTier);
        Assert.Same(cascade, pipeline.GetService<AutoMixCascade>());
        Assert.Equal("automix", pipeline.GetService<ChatClientMetadata>()!.ProviderName);
        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in pipeline.GetStreamingResponseAsync(Question()))
        {
            streamed.Add(update);
        }

        Assert.Equal("s", streamed.ToChatResponse().Text);
    }

    /// <summary>What the source generator emits: a cascade type with its definition baked in.</summary>
    private sealed class SupportCascade : AutoMixCascade
    {
        private static readonly CascadeDefinition Policy = Definition(TwoTiers(samples: 2), Threshold(TwoTiers(samples: 2), 3), name: "support");

        public SupportCascade(IChatClient small, IChatClient large)
            : base(Policy, new[] { small, large })
        {
        }
    }

    private sealed class UppercasingClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            response.Messages = new List<ChatMessage> { new(ChatRole.Assistant, response.Text.ToUpperInvariant()) };
            return response;
        }
    }
}
