using System.Collections.Generic;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Evaluation
{
    /// <summary>One threshold tried on the selection rows.</summary>
    public sealed record ThresholdCandidate(double Threshold, PolicyTable Table, EvaluationReport Selection);

    /// <summary>The threshold chosen on the selection rows, its result there, and its result on the evaluation rows.</summary>
    public sealed record ThresholdBaseline(
        double Threshold,
        EvaluationReport Selection,
        EvaluationReport Evaluation,
        IReadOnlyList<ThresholdCandidate> Candidates);

    /// <summary>A two-tier sub-cascade (tier <see cref="From"/> verified, then tier <see cref="To"/>) with its best threshold.</summary>
    public sealed record SubCascadeBaseline(int From, int To, ThresholdBaseline Threshold);

    /// <summary>Random mixing with probability <see cref="P"/> of the last tier (expected figures).</summary>
    public sealed record MixingPoint(double P, CostQuality Point, DeltaIbc DeltaIbc);

    /// <summary>A λ-frontier policy and its replayed result.</summary>
    public sealed record FrontierEvaluation(FrontierPoint Point, EvaluationReport Report);
}
