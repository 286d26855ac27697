using AutoMix.Server.Configuration;
using AutoMix.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using AutoMix.Server.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AutoMix.Server.Tests.Configuration;

public sealed class ServerOptionsTests
{
    [Fact]
    public void Api_keys_from_a_comma_separated_list_skip_blanks_and_duplicates()
    {
        var options = new AutoMixServerOptions();

        options.AddApiKeys(" sk-a, sk-b,, sk-a ,");
        options.AddApiKeys(null);

        Assert.Equal(new[] { "sk-a", "sk-b" }, options.ApiKeys);
    }

    [Fact]
    public void Defaults_match_the_documented_limits()
    {
        var options = new AutoMixServerOptions();

        Assert.Equal(1024 * 1024, options.MaxRequestBodyBytes);
        Assert.Equal(64, options.MaxConcurrentRequests);
        Assert.Equal(0, options.QueueLimit);
        Assert.Equal(TimeSpan.FromSeconds(120), options.RequestTimeout);
    }

    [Theory]
    [InlineData("body", "MaxRequestBodyBytes must be positive")]
    [InlineData("concurrency", "MaxConcurrentRequests must be positive")]
    [InlineData("queue", "QueueLimit must be zero or positive")]
    [InlineData("timeout", "RequestTimeout must be positive")]
    [InlineData("none", "no policy is served")]
    [InlineData("duplicate", "policy 'qa' is served twice")]
    public void Validation_names_the_broken_setting(string broken, string expected)
    {
        var options = new AutoMixServerOptions();
        if (broken != "none")
        {
            options.Policies.Add(Policy());
        }

        switch (broken)
        {
            case "body": options.MaxRequestBodyBytes = 0; break;
            case "concurrency": options.MaxConcurrentRequests = 0; break;
            case "queue": options.QueueLimit = -1; break;
            case "timeout": options.RequestTimeout = TimeSpan.Zero; break;
            case "duplicate": options.Policies.Add(Policy()); break;
        }

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_bind_from_configuration_and_reach_kestrel_and_the_host()
    {
        await using var server = await RunningServer.StartAsync(
            o => o.Policies.Add(Policy()),
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AutoMix:Server:ApiKeys:0"] = "sk-from-config",
                ["AutoMix:Server:MaxConcurrentRequests"] = "3",
                ["AutoMix:Server:RequestTimeout"] = "00:00:07",
                ["AutoMix:Server:ShutdownTimeout"] = "00:00:09",
                ["AutoMix:Server:MaxRequestBodyBytes"] = "2048",
                ["AUTOMIX_API_KEYS"] = "sk-env-1,sk-env-2",
            }));

        var options = server.App.Services.GetRequiredService<AutoMixServerOptions>();
        Assert.Equal(new[] { "sk-from-config", "sk-env-1", "sk-env-2", RunningServer.ApiKey }, options.ApiKeys);
        Assert.Equal(3, options.MaxConcurrentRequests);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), server.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(2048, server.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);

        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = Http.Bearer("sk-env-2");
        using var response = await client.GetAsync("/v1/models");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_keys_every_request_is_accepted_and_a_warning_is_logged()
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddAutoMixServer(o => o.Policies.Add(Policy()));
        await using var app = builder.Build();
        app.MapAutoMix();
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            using var response = await client.GetAsync("/v1/models");

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("no API key is configured", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static ServedPolicy Policy() => new(TestCascades.TwoTier(), new IChatClient[] { new ScriptedTier("a"), new ScriptedTier("b") });
}
