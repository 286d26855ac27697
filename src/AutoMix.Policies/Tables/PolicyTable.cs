using System;
using System.Collections.Generic;
using AutoMix.Policies.Collections;

namespace AutoMix.Policies.Tables
{
    /// <summary>
    /// A deterministic routing policy as flat arrays: a tree of decision nodes indexed by
    /// (tier, bins observed so far). Node 0 is the first tier with nothing observed. A node of a verified
    /// tier owns <c>Bins</c> consecutive slots starting at <see cref="NodeFirstSlot"/>; slot value
    /// <see cref="AcceptSlot"/> (-1) keeps the tier's answer, any other value is the node to visit next.
    /// Nodes of the final tier have no slots: its answer is always accepted.
    /// Every router (threshold, double threshold, POMDP) compiles to this one shape.
    /// </summary>
    public sealed record PolicyTable(
        EquatableArray<TableTier> Tiers,
        EquatableArray<int> NodeTier,
        EquatableArray<int> NodeFirstSlot,
        EquatableArray<int> SlotNext)
    {
        public const int AcceptSlot = -1;

        public int NodeCount => NodeTier.Count;

        /// <summary>The decision at a node after observing a bin: -1 to accept, else the next node.</summary>
        public int Next(int node, int bin) => SlotNext[NodeFirstSlot[node] + bin];

        public TableAction ActionAt(int node, int bin)
        {
            var next = Next(node, bin);
            return next == AcceptSlot ? TableAction.Accept : TableAction.RouteTo(NodeTier[next]);
        }

        /// <summary>The (tier, bin) observations that lead to a node, root first.</summary>
        public IReadOnlyList<(int Tier, int Bin)> HistoryOf(int node)
        {
            var parents = ParentSlots();
            var path = new List<(int Tier, int Bin)>();
            var current = node;
            while (current != 0)
            {
                var (parent, bin) = parents[current];
                path.Add((NodeTier[parent], bin));
                current = parent;
            }

            path.Reverse();
            return path;
        }

        private (int Parent, int Bin)[] ParentSlots()
        {
            var parents = new (int Parent, int Bin)[NodeCount];
            for (var node = 0; node < NodeCount; node++)
            {
                var bins = Tiers[NodeTier[node]].Bins;
                for (var bin = 0; bin < bins; bin++)
                {
                    var next = Next(node, bin);
                    if (next != AcceptSlot)
                    {
                        parents[next] = (node, bin);
                    }
                }
            }

            return parents;
        }

        /// <summary>Checks structural invariants; throws <see cref="InvalidOperationException"/> when broken.</summary>
        public void Validate()
        {
            if (NodeCount == 0 || NodeTier[0] != 0)
            {
                throw new InvalidOperationException("A policy table starts at node 0 on tier 0.");
            }

            for (var node = 0; node < NodeCount; node++)
            {
                var tier = NodeTier[node];
                var bins = Tiers[tier].Bins;
                for (var bin = 0; bin < bins; bin++)
                {
                    var next = Next(node, bin);
                    if (next != AcceptSlot && (next <= node || next >= NodeCount || NodeTier[next] <= tier))
                    {
                        throw new InvalidOperationException($"Node {node} bin {bin} routes to node {next}, which is not a later tier.");
                    }
                }
            }
        }
    }
}
