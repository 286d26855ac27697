using AutoMix.Server.Configuration;
using AutoMix.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoMix.Server.Tests.Infrastructure;

/// <summary>The real server: Kestrel on 127.0.0.1 with a dynamic port, serving cascades over scripted tiers.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-key";

    private RunningServer(WebApplication app, string baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    /// <summary>An HttpClient for the server carrying the valid API key.</summary>
    public HttpClient Client { get; }

    /// <param name="prepare">Runs on the builder before AddAutoMixServer (configuration sources, logging providers).</param>
    public static async Task<RunningServer> StartAsync(Action<AutoMixServerOptions> configure, Action<WebApplicationBuilder>? prepare = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        prepare?.Invoke(builder);
        builder.AddAutoMixServer(options =>
        {
            options.ApiKeys.Add(ApiKey);
            configure(options);
        });
        var app = builder.Build();
        app.MapAutoMix();
        await app.StartAsync();
        var url = app.Urls.Single(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new RunningServer(app, url);
    }

    /// <summary>Serves <see cref="TestCascades.TwoTier"/> over the given tiers.</summary>
    public static Task<RunningServer> StartTwoTierAsync(ScriptedTier small, ScriptedTier large, Action<AutoMixServerOptions>? configure = null) =>
        StartAsync(options =>
        {
            options.Policies.Add(new ServedPolicy(TestCascades.TwoTier(), new Microsoft.Extensions.AI.IChatClient[] { small, large }));
            configure?.Invoke(options);
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
