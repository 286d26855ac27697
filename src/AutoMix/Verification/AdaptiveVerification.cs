using System;
using System.Collections.Generic;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>
/// The state of one adaptive verification (<see cref="AdaptiveSampling"/>): the samples of the rounds drawn so far,
/// how many agree with the answer, and the table's decision at each round's point. An unreadable verdict counts as
/// not agreeing (it is no evidence the answer is right), so the point is always (round, agreeing of all drawn).
/// </summary>
internal sealed class AdaptiveVerification
{
    private readonly AdaptiveSampling _sampling;
    private readonly List<VerifierSample> _samples;
    private readonly List<VerifierRound> _rounds;
    private int _unparseable;

    public AdaptiveVerification(AdaptiveSampling sampling)
    {
        _sampling = sampling;
        _samples = new List<VerifierSample>(sampling.Samples);
        _rounds = new List<VerifierRound>(sampling.Rounds);
    }

    /// <summary>The round to draw next (0-based).</summary>
    public int Round => _rounds.Count;

    /// <summary>Samples drawn so far.</summary>
    public int Drawn => _samples.Count;

    /// <summary>Samples so far that agree with the answer.</summary>
    public int Agreeing { get; private set; }

    /// <summary>The decision point reached by the last round added.</summary>
    public int Point { get; private set; }

    public IReadOnlyList<VerifierRound> Rounds => _rounds;

    /// <summary>Adds a drawn round and looks up the table's decision at its point; true when the table draws another round.</summary>
    public bool Add(ConfidenceEstimate round, CompiledTable table, int node)
    {
        foreach (var sample in round.Samples)
        {
            _samples.Add(sample);
            Agreeing += sample.Verdict == true ? 1 : 0;
        }

        _unparseable += round.UnparseableCount;
        if (_samples.Count != _sampling.SamplesAfter(Round))
        {
            throw new InvalidOperationException($"Round {Round} of an adaptive verifier returned {round.Samples.Count} samples instead of {_sampling.DrawnIn(Round)}.");
        }

        Point = _sampling.PointOf(Round, Agreeing);
        var next = table.Next(node, Point);
        var decision = next == PolicyTable.ContinueSlot ? TableAction.Continue
            : next == PolicyTable.AcceptSlot ? TableAction.Accept
            : TableAction.RouteTo(table.NodeTier[next]);
        _rounds.Add(new VerifierRound(Round, _samples.Count, Agreeing, decision));
        return decision.IsContinue;
    }

    /// <summary>The whole verification as one estimate: confidence = the share of every sample drawn that agrees.</summary>
    public ConfidenceEstimate Estimate(UsageDetails? usage) =>
        new((double)Agreeing / Math.Max(1, _samples.Count), _samples.ToArray(), _unparseable, usage);
}
