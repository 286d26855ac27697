using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Tables;

namespace AutoMix;

/// <summary>
/// A validated cascade: its tiers, the default policy table, and named operating points (alternative
/// tables over the same tiers). Tables are flattened once here so the per-query path only indexes int arrays.
/// </summary>
public sealed class CascadeDefinition
{
    /// <summary>The name of the default operating point in traces and telemetry.</summary>
    public const string DefaultOperatingPointName = "default";

    private readonly Dictionary<string, CompiledTable> _compiledOperatingPoints;

    public CascadeDefinition(
        string name,
        IReadOnlyList<CascadeTier> tiers,
        PolicyTable defaultTable,
        IReadOnlyDictionary<string, PolicyTable>? operatingPoints = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A cascade needs a non-empty name.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(defaultTable);
        ValidateTiers(name, tiers);

        Name = name;
        Tiers = tiers.ToArray();
        DefaultTable = defaultTable;
        Default = Compile(DefaultOperatingPointName, defaultTable, nameof(defaultTable));

        var points = new Dictionary<string, PolicyTable>(StringComparer.Ordinal);
        _compiledOperatingPoints = new Dictionary<string, CompiledTable>(StringComparer.Ordinal);
        if (operatingPoints is not null)
        {
            foreach (var (pointName, table) in operatingPoints)
            {
                if (string.IsNullOrWhiteSpace(pointName))
                {
                    throw new ArgumentException($"Cascade '{name}': operating point names must be non-empty.", nameof(operatingPoints));
                }

                if (table is null)
                {
                    throw new ArgumentException($"Cascade '{name}': operating point '{pointName}' has no table.", nameof(operatingPoints));
                }

                points.Add(pointName, table);
                _compiledOperatingPoints.Add(pointName, Compile(pointName, table, nameof(operatingPoints)));
            }
        }

        OperatingPoints = points;
        KnownOperatingPointNames = string.Join(", ", new[] { DefaultOperatingPointName }.Concat(points.Keys.Where(k => k != DefaultOperatingPointName).OrderBy(k => k, StringComparer.Ordinal)));
    }

    /// <summary>
    /// A definition from a compiled policy: its tiers, default table and named operating points. Throws
    /// <see cref="ArgumentException"/> listing the compiler's errors when the compilation failed.
    /// </summary>
    public static CascadeDefinition FromCompilation(PolicyCompilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        if (compilation.HasErrors || compilation.Document is null || compilation.Default is null)
        {
            var errors = string.Join(
                Environment.NewLine,
                compilation.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
            throw new ArgumentException(
                $"The policy '{compilation.FilePath}' did not compile, so it has no cascade:{Environment.NewLine}{errors}", nameof(compilation));
        }

        var document = compilation.Document;
        var tiers = document.Tiers.Select(t => new CascadeTier(t.Name, t.Model, t.Cost, t.Verifier)).ToArray();
        var points = new Dictionary<string, PolicyTable>(StringComparer.Ordinal);
        foreach (var point in compilation.OperatingPoints)
        {
            points.Add(point.Name, point.Table);
        }

        return new CascadeDefinition(document.PolicyName, tiers, compilation.Default.Table, points);
    }

    public string Name { get; }

    public IReadOnlyList<CascadeTier> Tiers { get; }

    public PolicyTable DefaultTable { get; }

    /// <summary>Named alternative tables (ordinal names). "default" selects <see cref="DefaultTable"/> unless overridden here.</summary>
    public IReadOnlyDictionary<string, PolicyTable> OperatingPoints { get; }

    internal CompiledTable Default { get; }

    internal string KnownOperatingPointNames { get; }

    /// <summary>The table of an operating point; null selects the default. Unknown names throw, listing the known ones.</summary>
    internal CompiledTable Resolve(string? operatingPoint)
    {
        if (operatingPoint is null)
        {
            return Default;
        }

        if (_compiledOperatingPoints.TryGetValue(operatingPoint, out var table))
        {
            return table;
        }

        if (string.Equals(operatingPoint, DefaultOperatingPointName, StringComparison.Ordinal))
        {
            return Default;
        }

        throw new ArgumentException(
            $"Cascade '{Name}' has no operating point '{operatingPoint}'. Known operating points: {KnownOperatingPointNames}.",
            nameof(operatingPoint));
    }

    private static void ValidateTiers(string name, IReadOnlyList<CascadeTier> tiers)
    {
        if (tiers.Count == 0)
        {
            throw new ArgumentException($"Cascade '{name}' needs at least one tier.", nameof(tiers));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i] ?? throw new ArgumentException($"Cascade '{name}': tier {i} is null.", nameof(tiers));
            if (string.IsNullOrWhiteSpace(tier.Name))
            {
                throw new ArgumentException($"Cascade '{name}': tier {i} needs a non-empty name.", nameof(tiers));
            }

            if (!seen.Add(tier.Name))
            {
                throw new ArgumentException($"Cascade '{name}': tier name '{tier.Name}' is used twice.", nameof(tiers));
            }

            if (!(tier.Cost >= 0) || double.IsInfinity(tier.Cost))
            {
                throw new ArgumentException($"Cascade '{name}': tier '{tier.Name}' has cost {tier.Cost.ToString(CultureInfo.InvariantCulture)}; costs must be finite and non-negative.", nameof(tiers));
            }

            var isFinal = i == tiers.Count - 1;
            if (isFinal && tier.Verifier is not null)
            {
                throw new ArgumentException($"Cascade '{name}': the final tier '{tier.Name}' must not have a verifier (its answer is always accepted).", nameof(tiers));
            }

            if (!isFinal && tier.Verifier is null)
            {
                throw new ArgumentException($"Cascade '{name}': tier '{tier.Name}' is not the final tier and needs a verifier.", nameof(tiers));
            }

            if (tier.Verifier is { } verifier)
            {
                if (verifier.Samples < 1)
                {
                    throw new ArgumentException($"Cascade '{name}': tier '{tier.Name}' verifier needs at least one sample (got {verifier.Samples}).", nameof(tiers));
                }

                if (!(verifier.Cost >= 0) || double.IsInfinity(verifier.Cost))
                {
                    throw new ArgumentException($"Cascade '{name}': tier '{tier.Name}' verifier cost must be finite and non-negative.", nameof(tiers));
                }

                if (verifier.Binning is null)
                {
                    throw new ArgumentException($"Cascade '{name}': tier '{tier.Name}' verifier has no binning.", nameof(tiers));
                }
            }
        }
    }

    private CompiledTable Compile(string pointName, PolicyTable table, string parameter)
    {
        var label = $"Cascade '{Name}', operating point '{pointName}'";
        if (table.Tiers.Count != Tiers.Count)
        {
            throw new ArgumentException($"{label}: the table has {table.Tiers.Count} tiers but the cascade has {Tiers.Count}.", parameter);
        }

        for (var i = 0; i < Tiers.Count; i++)
        {
            var tier = Tiers[i];
            var tableTier = table.Tiers[i];
            if (!string.Equals(tableTier.Name, tier.Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{label}: table tier {i} is '{tableTier.Name}' but the cascade's tier {i} is '{tier.Name}'.", parameter);
            }

            var bins = tier.Verifier?.Binning.BinCount ?? 0;
            if (tableTier.Bins != bins)
            {
                throw new ArgumentException(
                    $"{label}: table tier '{tier.Name}' has {tableTier.Bins} bins but its verifier's binning has {bins}.", parameter);
            }
        }

        try
        {
            table.Validate();
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"{label}: the table is malformed: {ex.Message}", parameter, ex);
        }

        return new CompiledTable(pointName, table, Tiers.Count);
    }
}
