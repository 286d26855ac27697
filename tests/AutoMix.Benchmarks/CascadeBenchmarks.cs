using System.Diagnostics;
using System.Diagnostics.Metrics;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Tables;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace AutoMix.Benchmarks;

/// <summary>
/// Cascade overhead per query: two tiers, k = 8 self-verification, zero-latency backends.
/// Target: under 20 µs and a few KB allocated per query.
/// </summary>
[MemoryDiagnoser]
public class CascadeBenchmarks
{
    private ActivityListener? _activityListener;
    private MeterListener? _meterListener;

    /// <summary>With an ActivityListener and MeterListener attached (what an OpenTelemetry exporter costs us), or none.</summary>
    [Params(false, true)]
    public bool Telemetry { get; set; }

    private const int Samples = 8;

    private readonly List<ChatMessage> _messages = new()
    {
        new(ChatRole.System, "Answer using the passage: The Loire is the longest river entirely in France, at 1,006 km."),
        new(ChatRole.User, "Which is the longest river entirely within France?"),
    };

    private AutoMixCascade _acceptingCascade = null!;
    private AutoMixCascade _routingCascade = null!;

    [GlobalCleanup]
    public void Cleanup()
    {
        _activityListener?.Dispose();
        _meterListener?.Dispose();
    }

    [GlobalSetup]
    public void Setup()
    {
        if (Telemetry)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AutoMixTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activityListener);
            _meterListener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
            _meterListener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _meterListener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            _meterListener.Start();
        }

        var tiers = new[]
        {
            new CascadeTier("small", "small-model", 1, new VerifierSpec(VerifierMethod.SelfVerification, Samples, 1.0, 1, ObservationBinning.Equal(Samples + 1), SourceSpan.None)),
            new CascadeTier("large", "large-model", 20, null),
        };
        var tableTiers = tiers.Select(t => new TableTier(t.Name, t.Model, t.Cost, t.Verifier?.Cost ?? 0, t.Verifier?.Binning.BinCount ?? 0)).ToList();
        var table = PolicyTableBuilder.Build(tableTiers, (_, _, bin) => bin >= 6 ? TableAction.Accept : TableAction.RouteTo(1));
        var definition = new CascadeDefinition("bench", tiers, table);

        var large = new InstantChatClient("large-model", "The Loire.", "unused");
        _acceptingCascade = new AutoMixCascade(definition, new IChatClient[]
        {
            new InstantChatClient("small-model", "The Loire", "Reasoning: the passage names the Loire.\nVerdict: correct"),
            large,
        });
        _routingCascade = new AutoMixCascade(definition, new IChatClient[]
        {
            new InstantChatClient("small-model", "The Seine", "Reasoning: the passage names the Loire.\nVerdict: incorrect"),
            large,
        });
    }

    [Benchmark(Description = "Cascade: small accepted (1 answer + 8 verifications)")]
    public Task<ChatResponse> CascadeAccept() => _acceptingCascade.GetResponseAsync(_messages);

    [Benchmark(Description = "Cascade: routed to large (1 + 8 + 1 calls)")]
    public Task<ChatResponse> CascadeRoute() => _routingCascade.GetResponseAsync(_messages);
}
