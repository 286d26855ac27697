using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AutoMix;

/// <summary>
/// Registers cascades in a service collection, Microsoft.Extensions.AI style: the cascade is available both as its
/// own type and as <see cref="IChatClient"/>, so it can be one stage of a larger client pipeline.
/// </summary>
public static class AutoMixServiceCollectionExtensions
{
    /// <summary>
    /// Registers a cascade built by <paramref name="factory"/> as <typeparamref name="TCascade"/> and as <see cref="IChatClient"/>
    /// (both resolve to the same instance within the lifetime).
    /// </summary>
    public static IServiceCollection AddAutoMixCascade<TCascade>(
        this IServiceCollection services,
        Func<IServiceProvider, TCascade> factory,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TCascade : AutoMixCascade
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.Add(new ServiceDescriptor(typeof(TCascade), factory, lifetime));
        services.Add(new ServiceDescriptor(typeof(IChatClient), sp => sp.GetRequiredService<TCascade>(), lifetime));
        return services;
    }

    /// <summary>
    /// Registers an <see cref="AutoMixCascade"/> for <paramref name="definition"/> whose tier backends are keyed
    /// <see cref="IChatClient"/> services, keyed by tier name (for example
    /// <c>services.AddKeyedSingleton&lt;IChatClient&gt;("small", ...)</c>). Resolving the cascade throws, naming the
    /// tier, when a backend is missing. The options come from <paramref name="configure"/>; a registered
    /// <see cref="TimeProvider"/> is used unless <paramref name="configure"/> sets one.
    /// </summary>
    public static IServiceCollection AddAutoMixCascade(
        this IServiceCollection services,
        CascadeDefinition definition,
        Action<IServiceProvider, AutoMixCascadeOptions>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        return services.AddAutoMixCascade(sp => CreateCascade(sp, definition, configure), lifetime);
    }

    /// <summary>
    /// Registers an <see cref="AutoMixCascade"/> for <paramref name="definition"/> as a keyed <see cref="IChatClient"/>
    /// (several cascades side by side); tier backends are resolved as in
    /// <see cref="AddAutoMixCascade(IServiceCollection, CascadeDefinition, Action{IServiceProvider, AutoMixCascadeOptions}?, ServiceLifetime)"/>.
    /// </summary>
    public static IServiceCollection AddKeyedAutoMixCascade(
        this IServiceCollection services,
        object serviceKey,
        CascadeDefinition definition,
        Action<IServiceProvider, AutoMixCascadeOptions>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(definition);
        services.Add(new ServiceDescriptor(typeof(IChatClient), serviceKey, (sp, _) => CreateCascade(sp, definition, configure), lifetime));
        return services;
    }

    /// <summary>Resolves the keyed tier backends of a definition, in tier order.</summary>
    public static IReadOnlyList<IChatClient> ResolveTierClients(this IServiceProvider services, CascadeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        var clients = new IChatClient[definition.Tiers.Count];
        for (var i = 0; i < clients.Length; i++)
        {
            var tier = definition.Tiers[i].Name;
            clients[i] = services.GetKeyedService<IChatClient>(tier)
                ?? throw new InvalidOperationException(
                    $"Cascade '{definition.Name}' needs an IChatClient for tier '{tier}': register one with "
                    + $"services.AddKeyedSingleton<IChatClient>(\"{tier}\", ...).");
        }

        return clients;
    }

    private static AutoMixCascade CreateCascade(IServiceProvider sp, CascadeDefinition definition, Action<IServiceProvider, AutoMixCascadeOptions>? configure)
    {
        var options = new AutoMixCascadeOptions();
        if (sp.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        configure?.Invoke(sp, options);
        return new AutoMixCascade(definition, sp.ResolveTierClients(definition), options);
    }
}
