using AutoMix.Policies.Tables;

namespace AutoMix;

/// <summary>
/// A policy table flattened to plain arrays for the per-query path: where it starts, which nodes verify, and
/// precomputed escalation targets used when a tier fails (an event the table itself does not model).
/// </summary>
internal sealed class CompiledTable
{
    /// <summary>Marker node for "the final tier, reached without a table node" (final nodes have no slots).</summary>
    public const int NoNode = -1;

    public CompiledTable(string name, PolicyTable table, int tierCount)
    {
        Name = name;
        Table = table;
        NodeTier = table.NodeTier.ToArray();
        NodeFirstSlot = table.NodeFirstSlot.ToArray();
        SlotNext = table.SlotNext.ToArray();
        StartTier = table.StartTier;
        var nodeCount = NodeTier.Length;
        Verifies = new bool[nodeCount];
        for (var node = 0; node < nodeCount; node++)
        {
            Verifies[node] = table.Verifies(node);
        }

        EscalationNode = new int[nodeCount];
        EscalationTier = new int[nodeCount];

        // The first node (BFS order) of each tier, for escalations the current node has no edge for.
        var firstNodeOfTier = new int[tierCount];
        for (var t = 0; t < tierCount; t++)
        {
            firstNodeOfTier[t] = NoNode;
        }

        for (var node = nodeCount - 1; node >= 0; node--)
        {
            firstNodeOfTier[NodeTier[node]] = node;
        }

        for (var node = 0; node < nodeCount; node++)
        {
            var tier = NodeTier[node];
            if (tier == tierCount - 1)
            {
                EscalationNode[node] = NoNode;
                EscalationTier[node] = NoNode;
                continue;
            }

            // Escalate to tier+1 when the table can run it; otherwise to the next later tier it can run
            // (tiers before the start tier and tiers no node runs are skipped); the final tier always runs
            // (it has no decisions). Prefer this node's own edge from its lowest-confidence bin so the history
            // stays a path the table knows; a node that does not verify has no edges.
            var target = tierCount - 1;
            var targetNode = NoNode;
            for (var t = tier + 1; t < tierCount; t++)
            {
                if (t == tierCount - 1 || firstNodeOfTier[t] != NoNode)
                {
                    target = t;
                    targetNode = firstNodeOfTier[t];
                    break;
                }
            }

            var slots = table.SlotCount(node);
            for (var bin = 0; bin < slots; bin++)
            {
                var next = SlotNext[NodeFirstSlot[node] + bin];
                if (next >= 0 && NodeTier[next] == target)
                {
                    targetNode = next;
                    break;
                }
            }

            EscalationTier[node] = target;
            EscalationNode[node] = targetNode;
        }
    }

    public string Name { get; }

    public PolicyTable Table { get; }

    public int[] NodeTier { get; }

    public int[] NodeFirstSlot { get; }

    public int[] SlotNext { get; }

    /// <summary>The tier of node 0, where every query starts.</summary>
    public int StartTier { get; }

    /// <summary>Per node: whether it calls its tier's verifier (false: its answer is accepted unverified, as on the final tier).</summary>
    public bool[] Verifies { get; }

    /// <summary>Node to continue at when the tier at a node fails and the cascade escalates (NoNode: final tier without a node).</summary>
    public int[] EscalationNode { get; }

    /// <summary>Tier to continue at when the tier at a node fails.</summary>
    public int[] EscalationTier { get; }

    public int Next(int node, int bin) => SlotNext[NodeFirstSlot[node] + bin];

    /// <summary>Whether the visit at a node verifies; <see cref="NoNode"/> (the final tier reached by escalation) does not.</summary>
    public bool VerifiesAt(int node) => node != NoNode && Verifies[node];
}
