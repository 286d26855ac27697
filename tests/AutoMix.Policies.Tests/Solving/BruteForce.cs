using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Tests.Solving;

/// <summary>Enumerates every deterministic table of a small policy, to check the solver against.</summary>
internal static class BruteForce
{
    /// <summary>
    /// Every table: any start tier, at every node of a verified tier either "accept unverified" or "verify",
    /// and after every bin accept or route to any later tier (at an adaptive tier's decision point before its last
    /// round, also draw another round).
    /// </summary>
    public static IEnumerable<PolicyTable> AllTables(PolicyDocument policy)
    {
        var tiers = TableTiers.From(policy);
        for (var start = 0; start < tiers.Count; start++)
        {
            foreach (var table in AllTables(tiers, start))
            {
                yield return table;
            }
        }
    }

    private static IEnumerable<PolicyTable> AllTables(IReadOnlyList<TableTier> tiers, int start)
    {

        // Each decision slot (tier, history, bin) gets an action; enumerate assignments lazily by
        // counting in a mixed radix over the slots the table actually visits.
        var choices = new Dictionary<string, int>();
        while (true)
        {
            var slotsSeen = new List<(string Key, int Options)>();
            var table = PolicyTableBuilder.Build(tiers, start, (tier, history) =>
            {
                var key = string.Join(",", history.Select(h => $"{h.Tier}:{h.Bin}")) + $"|{tier}:verify";
                slotsSeen.Add((key, 2));
                return (choices.TryGetValue(key, out var c) ? c : 0) == 1;
            },
            (tier, history, bin) =>
            {
                var key = string.Join(",", history.Select(h => $"{h.Tier}:{h.Bin}")) + $"|{tier}:{bin}";
                // Accept, any later tier, or (an adaptive tier's point before its last round) another round.
                var canContinue = tiers[tier].Sampling is { } sampling && sampling.CanContinue(bin);
                var options = tiers.Count - tier + (canContinue ? 1 : 0);
                slotsSeen.Add((key, options));
                var choice = choices.TryGetValue(key, out var c) ? c : 0;
                return choice == 0 ? TableAction.Accept
                    : canContinue && choice == options - 1 ? TableAction.Continue
                    : TableAction.RouteTo(tier + choice);
            });
            yield return table;

            // Increment the last visited slot that can still move; reset the ones after it.
            var advanced = false;
            for (var i = slotsSeen.Count - 1; i >= 0 && !advanced; i--)
            {
                var (key, options) = slotsSeen[i];
                var current = choices.TryGetValue(key, out var c) ? c : 0;
                if (current + 1 < options)
                {
                    choices[key] = current + 1;
                    advanced = true;
                    foreach (var (later, _) in slotsSeen.Skip(i + 1))
                    {
                        choices.Remove(later);
                    }
                }
            }

            if (!advanced)
            {
                yield break;
            }
        }
    }
}
