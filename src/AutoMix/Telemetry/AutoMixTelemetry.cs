using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AutoMix;

/// <summary>
/// The cascade's traces and metrics. Subscribe to the <see cref="SourceName"/> ActivitySource and the
/// <see cref="MeterName"/> Meter (for example with OpenTelemetry's AddSource/AddMeter). Attribute names follow
/// the OpenTelemetry GenAI semantic conventions where one exists, and use the "automix." prefix otherwise.
/// </summary>
public static class AutoMixTelemetry
{
    public const string SourceName = "AutoMix";
    public const string MeterName = "AutoMix";

    public const string CascadeActivityName = "automix.cascade";
    public const string TierActivityName = "automix.tier";

    public const string OperationNameAttribute = "gen_ai.operation.name";
    public const string RequestModelAttribute = "gen_ai.request.model";
    public const string ResponseModelAttribute = "gen_ai.response.model";
    public const string InputTokensAttribute = "gen_ai.usage.input_tokens";
    public const string OutputTokensAttribute = "gen_ai.usage.output_tokens";
    public const string SystemAttribute = "gen_ai.system";
    public const string ChatOperation = "chat";

    public const string CascadeAttribute = "automix.cascade";
    public const string OperatingPointAttribute = "automix.operating_point";
    public const string TierAttribute = "automix.tier";
    public const string ConfidenceAttribute = "automix.confidence";
    public const string BinAttribute = "automix.bin";

    /// <summary>Rounds an adaptive verifier drew on a tier visit.</summary>
    public const string VerifierRoundsAttribute = "automix.verifier.rounds";

    /// <summary>Verifier samples drawn on an adaptive tier visit.</summary>
    public const string VerifierSamplesAttribute = "automix.verifier.samples";
    public const string ActionAttribute = "automix.action";
    public const string CostAttribute = "automix.cost";
    public const string AnsweringTierAttribute = "automix.answering_tier";
    public const string FromTierAttribute = "automix.from_tier";
    public const string ToTierAttribute = "automix.to_tier";
    public const string ReasonAttribute = "automix.reason";

    public const string QueriesCounterName = "automix.queries";
    public const string EscalationsCounterName = "automix.escalations";
    public const string CostCounterName = "automix.cost";
    public const string ConfidenceHistogramName = "automix.confidence";

    internal static readonly ActivitySource Source = new(SourceName);
    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Queries = Meter.CreateCounter<long>(QueriesCounterName, "{query}", "Cascade queries answered or failed.");
    internal static readonly Counter<long> Escalations = Meter.CreateCounter<long>(EscalationsCounterName, "{escalation}", "Queries moved to a later tier (routed by the table, or escalated after a failure).");
    internal static readonly Counter<double> Cost = Meter.CreateCounter<double>(CostCounterName, "{cost}", "Cost charged per tier visit, in the policy's cost units.");
    internal static readonly Histogram<double> Confidence = Meter.CreateHistogram<double>(ConfidenceHistogramName, null, "Verifier confidence of verified tier answers.");
}
