using System;
using System.Collections.Generic;
using AutoMix.Policies.Collections;

namespace AutoMix.Policies.Tables
{
    /// <summary>
    /// A deterministic routing policy as flat arrays: a tree of decision nodes indexed by
    /// (tier, bins observed so far). Node 0 is where every query starts: the table may start at any tier
    /// (the solver skips a first tier that is not worth calling).
    /// <list type="bullet">
    /// <item>A node that <em>verifies</em> owns its tier's <c>Bins</c> consecutive slots starting at
    /// <see cref="NodeFirstSlot"/>: slot value <see cref="AcceptSlot"/> (-1) keeps the tier's answer, any other value
    /// is the node to visit next (always on a later tier).</item>
    /// <item>A node that does not verify owns no slots (its range is empty): its tier's answer is accepted as it
    /// is and the verifier is never called. Every node of the final tier is such a node; on an earlier tier it
    /// means every bin would have led to the same "accept", so the verifier's cost is saved.</item>
    /// <item>A verifying node of an adaptive tier (<see cref="TableTier.Sampling"/>) owns one slot per decision point
    /// (round, correct samples so far) instead of one per bin; a slot may also hold <see cref="ContinueSlot"/> (-2):
    /// draw another round of samples and decide at the point it leads to.</item>
    /// </list>
    /// Every router (threshold, double threshold, POMDP) compiles to this one shape.
    /// </summary>
    public sealed record PolicyTable(
        EquatableArray<TableTier> Tiers,
        EquatableArray<int> NodeTier,
        EquatableArray<int> NodeFirstSlot,
        EquatableArray<int> SlotNext)
    {
        public const int AcceptSlot = -1;

        /// <summary>Slot value of an adaptive tier's decision point: draw another round of verifier samples.</summary>
        public const int ContinueSlot = -2;

        public int NodeCount => NodeTier.Count;

        /// <summary>The tier every query starts at.</summary>
        public int StartTier => NodeTier[0];

        /// <summary>Number of slots a node owns: its tier's bins (decision points, when adaptive) when it verifies, 0 when it accepts unverified.</summary>
        public int SlotCount(int node) =>
            (node + 1 < NodeCount ? NodeFirstSlot[node + 1] : SlotNext.Count) - NodeFirstSlot[node];

        /// <summary>Whether a node calls its tier's verifier (and decides per bin) or accepts the answer unverified.</summary>
        public bool Verifies(int node) => SlotCount(node) > 0;

        /// <summary>The decision at a verifying node after observing a bin: -1 to accept, -2 to draw another round (adaptive), else the next node.</summary>
        public int Next(int node, int bin) => SlotNext[NodeFirstSlot[node] + bin];

        /// <summary>What a node does after a bin; a node that does not verify accepts whatever the bin.</summary>
        public TableAction ActionAt(int node, int bin)
        {
            if (!Verifies(node))
            {
                return TableAction.Accept;
            }

            var next = Next(node, bin);
            return next == AcceptSlot ? TableAction.Accept : next == ContinueSlot ? TableAction.Continue : TableAction.RouteTo(NodeTier[next]);
        }

        /// <summary>
        /// Which decision points of an adaptive node a visit can reach: every point of the first round, and a later
        /// round's points only from a point that draws on (<see cref="ContinueSlot"/>).
        /// </summary>
        public bool[] ReachablePoints(int node)
        {
            var sampling = Tiers[NodeTier[node]].Sampling ?? throw new InvalidOperationException($"Node {node} is not on an adaptive tier.");
            var reachable = new bool[sampling.PointCount];
            if (!Verifies(node))
            {
                return reachable;
            }

            for (var j = 0; j <= sampling.SamplesAfter(0); j++)
            {
                reachable[j] = true;
            }

            for (var round = 0; round + 1 < sampling.Rounds; round++)
            {
                var first = sampling.FirstPoint(round);
                var nextFirst = sampling.FirstPoint(round + 1);
                for (var j = 0; j <= sampling.SamplesAfter(round); j++)
                {
                    if (reachable[first + j] && Next(node, first + j) == ContinueSlot)
                    {
                        for (var i = 0; i <= sampling.DrawnIn(round + 1); i++)
                        {
                            reachable[nextFirst + j + i] = true;
                        }
                    }
                }
            }

            return reachable;
        }

        /// <summary>Whether any node of the table runs a tier (a tier no node runs is never called).</summary>
        public bool Calls(int tier)
        {
            foreach (var t in NodeTier)
            {
                if (t == tier)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The (tier, bin) observations that lead to a node, root first.</summary>
        public IReadOnlyList<(int Tier, int Bin)> HistoryOf(int node) => HistoryOf(node, ParentSlots());

        /// <summary>
        /// Like <see cref="HistoryOf(int)"/> with the parents computed once by <see cref="ParentSlots"/>: callers
        /// that walk every node stay linear in the table size instead of quadratic.
        /// </summary>
        internal IReadOnlyList<(int Tier, int Bin)> HistoryOf(int node, (int Parent, int Bin)[] parents)
        {
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

        internal (int Parent, int Bin)[] ParentSlots()
        {
            var parents = new (int Parent, int Bin)[NodeCount];
            for (var node = 0; node < NodeCount; node++)
            {
                var slots = SlotCount(node);
                for (var bin = 0; bin < slots; bin++)
                {
                    var next = Next(node, bin);
                    if (next >= 0)
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
            if (NodeCount == 0 || NodeFirstSlot.Count != NodeCount)
            {
                throw new InvalidOperationException("A policy table needs at least one node and one first slot per node.");
            }

            for (var node = 0; node < NodeCount; node++)
            {
                var tier = NodeTier[node];
                if (tier < 0 || tier >= Tiers.Count)
                {
                    throw new InvalidOperationException($"Node {node} is on tier {tier}, but the table has {Tiers.Count} tiers.");
                }

                var slots = SlotCount(node);
                if (slots < 0 || NodeFirstSlot[node] < 0 || NodeFirstSlot[node] + slots > SlotNext.Count)
                {
                    throw new InvalidOperationException($"Node {node} has a slot range outside the table.");
                }

                var sampling = Tiers[tier].Sampling;
                if (slots != 0 && (slots != Tiers[tier].SlotsPerNode || !Tiers[tier].IsVerified))
                {
                    throw new InvalidOperationException(
                        $"Node {node} on tier '{Tiers[tier].Name}' has {slots} slots; a node has one slot per {(sampling is null ? "bin" : "decision point")} of its tier's verifier ({Tiers[tier].SlotsPerNode}) or none.");
                }

                for (var bin = 0; bin < slots; bin++)
                {
                    var next = Next(node, bin);
                    if (next == ContinueSlot)
                    {
                        if (sampling is null || !sampling.CanContinue(bin))
                        {
                            throw new InvalidOperationException($"Node {node} slot {bin} draws another round, but its tier '{Tiers[tier].Name}' has {(sampling is null ? "no adaptive verifier" : "no round after that point")}.");
                        }

                        continue;
                    }

                    if (next != AcceptSlot && (next <= node || next >= NodeCount || NodeTier[next] <= tier))
                    {
                        throw new InvalidOperationException($"Node {node} bin {bin} routes to node {next}, which is not a later tier.");
                    }
                }
            }
        }
    }
}
