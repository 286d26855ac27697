using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoMix.OpenAI;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Tables;
using Microsoft.Extensions.AI;

namespace AutoMix.Server.Configuration
{
    /// <summary>
    /// One policy served as an OpenAI model: its model id, the cascade definition (tiers and operating points) and
    /// the <see cref="AutoMixCascade"/> that answers it.
    /// </summary>
    public sealed class ServedPolicy
    {
        /// <summary>Serves <paramref name="definition"/> as model <paramref name="name"/> (default: the definition's name) over the given tier backends.</summary>
        public ServedPolicy(CascadeDefinition definition, IReadOnlyList<IChatClient> tierClients, AutoMixCascadeOptions? cascadeOptions = null, string? name = null)
            : this(name ?? definition?.Name ?? throw new ArgumentNullException(nameof(definition)), definition, new AutoMixCascade(definition, tierClients, cascadeOptions))
        {
        }

        /// <summary>
        /// Serves an already built cascade (for example an <see cref="AutoMixCascade"/> wrapped in caching or logging
        /// middleware). Its responses must carry the AutoMix trace, which the server reports.
        /// </summary>
        public ServedPolicy(string name, CascadeDefinition definition, IChatClient cascade)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A served policy needs a non-empty name (its model id).", nameof(name));
            }

            Name = name;
            Definition = definition ?? throw new ArgumentNullException(nameof(definition));
            Cascade = cascade ?? throw new ArgumentNullException(nameof(cascade));
            OperatingPoints = new[] { CascadeDefinition.DefaultOperatingPointName }
                .Concat(definition.OperatingPoints.Keys
                    .Where(k => !string.Equals(k, CascadeDefinition.DefaultOperatingPointName, StringComparison.Ordinal))
                    .OrderBy(k => k, StringComparer.Ordinal))
                .ToArray();
            KnownOperatingPointList = string.Join(", ", OperatingPoints);
        }

        /// <summary>The model id clients send.</summary>
        public string Name { get; }

        public CascadeDefinition Definition { get; }

        /// <summary>The cascade answering this model; the server never disposes it.</summary>
        public IChatClient Cascade { get; }

        /// <summary>Every operating point a request may select with x-automix-operating-point, "default" first.</summary>
        public IReadOnlyList<string> OperatingPoints { get; }

        internal string KnownOperatingPointList { get; }

        /// <summary>
        /// Serves a compiled policy file: tiers from its document, the default table and every named operating point.
        /// Refuses a compilation with errors, listing them.
        /// </summary>
        public static ServedPolicy FromCompilation(PolicyCompilation compilation, IReadOnlyList<IChatClient> tierClients, AutoMixCascadeOptions? cascadeOptions = null, string? name = null) =>
            new(ToDefinition(compilation), tierClients, cascadeOptions, name);

        /// <summary>Serves a compiled policy file whose tiers are OpenAI-compatible endpoints, keyed by tier name.</summary>
        public static ServedPolicy FromCompilation(PolicyCompilation compilation, IReadOnlyDictionary<string, OpenAICompatibleClientOptions> tierBackends, AutoMixCascadeOptions? cascadeOptions = null, string? name = null) =>
            WithOpenAIBackends(ToDefinition(compilation), tierBackends, cascadeOptions, name);

        /// <summary>Compiles a policy file (*.automix.yaml) and serves it over the given tier clients (in tier order).</summary>
        public static ServedPolicy FromPolicyFile(string path, IReadOnlyList<IChatClient> tierClients, AutoMixCascadeOptions? cascadeOptions = null, string? name = null) =>
            FromCompilation(CompileFile(path), tierClients, cascadeOptions, name);

        /// <summary>Compiles a policy file (*.automix.yaml) and serves it over OpenAI-compatible backends keyed by tier name.</summary>
        public static ServedPolicy FromPolicyFile(string path, IReadOnlyDictionary<string, OpenAICompatibleClientOptions> tierBackends, AutoMixCascadeOptions? cascadeOptions = null, string? name = null) =>
            FromCompilation(CompileFile(path), tierBackends, cascadeOptions, name);

        /// <summary>
        /// Serves <paramref name="definition"/> with one official OpenAI client per tier (<see cref="OpenAITierClient"/>), configured by
        /// <paramref name="tierBackends"/> (keyed by tier name; a backend without DefaultModelId uses the tier's model).
        /// The clients live as long as the process, like the server.
        /// </summary>
        public static ServedPolicy WithOpenAIBackends(CascadeDefinition definition, IReadOnlyDictionary<string, OpenAICompatibleClientOptions> tierBackends, AutoMixCascadeOptions? cascadeOptions = null, string? name = null)
        {
            if (definition is null)
            {
                throw new ArgumentNullException(nameof(definition));
            }

            if (tierBackends is null)
            {
                throw new ArgumentNullException(nameof(tierBackends));
            }

            var missing = definition.Tiers.Where(t => !tierBackends.ContainsKey(t.Name)).Select(t => t.Name).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException($"Policy '{definition.Name}': no backend is configured for tier(s) {string.Join(", ", missing)}.", nameof(tierBackends));
            }

            var unknown = tierBackends.Keys.Where(k => !definition.Tiers.Any(t => string.Equals(t.Name, k, StringComparison.Ordinal))).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException(
                    $"Policy '{definition.Name}' has no tier(s) {string.Join(", ", unknown)}; its tiers are {string.Join(", ", definition.Tiers.Select(t => t.Name))}.",
                    nameof(tierBackends));
            }

            var clients = new List<IChatClient>(definition.Tiers.Count);
            foreach (var tier in definition.Tiers)
            {
                var backend = tierBackends[tier.Name];
                var options = new OpenAICompatibleClientOptions
                {
                    Endpoint = backend.Endpoint,
                    ApiKey = backend.ApiKey,
                    DefaultModelId = backend.DefaultModelId ?? tier.Model,
                    Timeout = backend.Timeout,
                    MaxRetries = backend.MaxRetries,
                };
                clients.Add(OpenAITierClient.Create(options));
            }

            return new ServedPolicy(definition, clients, cascadeOptions, name);
        }

        private static PolicyCompilation CompileFile(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("A policy file path is required.", nameof(path));
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Policy file '{path}' was not found.", path);
            }

            return PolicyCompiler.Compile(File.ReadAllText(path), path);
        }

        /// <summary>The cascade definition of a compiled policy; refuses a compilation with errors, listing them.</summary>
        public static CascadeDefinition ToDefinition(PolicyCompilation compilation)
        {
            if (compilation is null)
            {
                throw new ArgumentNullException(nameof(compilation));
            }

            if (compilation.HasErrors || compilation.Document is not { } document || compilation.Default is not { } primary)
            {
                var errors = string.Join("; ", compilation.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
                throw new ArgumentException($"Policy '{compilation.FilePath}' did not compile, so it cannot be served: {(errors.Length > 0 ? errors : "no solved table")}.", nameof(compilation));
            }

            var tiers = document.Tiers.Select(t => new CascadeTier(t.Name, t.Model, t.Cost, t.Verifier)).ToArray();
            var points = new Dictionary<string, PolicyTable>(StringComparer.Ordinal);
            foreach (var point in compilation.OperatingPoints)
            {
                points[point.Name] = point.Table;
            }

            return new CascadeDefinition(document.PolicyName, tiers, primary.Table, points);
        }

        /// <summary>True when a request may select <paramref name="operatingPoint"/> (ordinal, as in policy files).</summary>
        public bool HasOperatingPoint(string operatingPoint) =>
            Array.IndexOf((string[])OperatingPoints, operatingPoint) >= 0;
    }
}
