using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AutoMix.Policies.Model;
using Microsoft.Extensions.AI;

namespace AutoMix.Evaluation.Simulation;

/// <summary>
/// An offline stand-in for real models that behaves exactly as a calibrated policy's POMDP says: each query
/// draws a hidden state from the priors, each tier's correctness from that state's performance, and each
/// verified tier's confidence bin from that state's observation row. Its tier clients then answer and verify
/// through the real runtime's prompts, so a cascade run over them exercises the whole production path.
/// </summary>
public sealed partial class SimulatedWorld
{
    private readonly Dictionary<int, SimulatedQuery> _byId = new();

    public SimulatedWorld(PolicyDocument policy, int queryCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var model = policy.Model ?? throw new ArgumentException(
            $"Policy '{policy.PolicyName}' has no model: section to simulate from; calibrate it first (automix calibrate).", nameof(policy));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryCount);

        Policy = policy;
        var random = new Random(seed);
        var queries = new List<SimulatedQuery>(queryCount);
        for (var id = 0; id < queryCount; id++)
        {
            var state = Draw(random, model.States.Count, s => model.States[s].Prior);
            var hidden = model.States[state];
            var correct = new bool[policy.Tiers.Count];
            var bins = new int[policy.Tiers.Count];
            for (var t = 0; t < correct.Length; t++)
            {
                correct[t] = random.NextDouble() < hidden.Performance[t];
                bins[t] = -1;
                if (PolicyDocument.RowFor(hidden, policy.Tiers[t].Name) is { } row)
                {
                    bins[t] = Draw(random, row.Probabilities.Count, b => row.Probabilities[b]);
                }
            }

            var query = new SimulatedQuery(
                id,
                string.Create(CultureInfo.InvariantCulture, $"Simulated question #{id}: what is the answer?"),
                string.Create(CultureInfo.InvariantCulture, $"answer {id}"),
                state,
                correct,
                bins);
            queries.Add(query);
            _byId.Add(id, query);
        }

        Queries = queries;
    }

    public PolicyDocument Policy { get; }

    public IReadOnlyList<SimulatedQuery> Queries { get; }

    /// <summary>The simulated backend of one tier.</summary>
    public IChatClient ClientFor(int tier) => new SimulatedTierClient(this, tier);

    /// <summary>All tier backends, in tier order.</summary>
    public IReadOnlyList<IChatClient> Clients()
    {
        var clients = new IChatClient[Policy.Tiers.Count];
        for (var t = 0; t < clients.Length; t++)
        {
            clients[t] = ClientFor(t);
        }

        return clients;
    }

    /// <summary>The query a prompt is about: its question text carries "#id".</summary>
    internal SimulatedQuery Find(string prompt)
    {
        var match = QuestionId().Match(prompt);
        if (!match.Success || !_byId.TryGetValue(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), out var query))
        {
            throw new InvalidOperationException("The simulated backend was asked about a question it did not generate: " + Truncate(prompt));
        }

        return query;
    }

    private static int Draw(Random random, int count, Func<int, double> weight)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < count; i++)
        {
            cumulative += weight(i);
            if (u < cumulative)
            {
                return i;
            }
        }

        return count - 1;
    }

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [GeneratedRegex(@"Simulated question #(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionId();
}
