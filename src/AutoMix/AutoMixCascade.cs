using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Tables;
using AutoMix.Verification;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>
/// An <see cref="IChatClient"/> that answers with a cascade of tiers (AutoMix, Aggarwal, Madaan et al. 2024):
/// a tier answers, its verifier scores the answer, the confidence is binned, and the policy table accepts the
/// answer or routes the query to a later tier (tiers may be skipped). The table may start at any tier, and a node
/// may accept its tier's answer without calling the verifier; the final tier's answer is always accepted unverified.
/// Not sealed: generated cascades derive from it. The cascade does not own its tier clients and does not dispose them.
/// </summary>
public partial class AutoMixCascade : IChatClient
{
    private readonly IChatClient[] _clients;
    private readonly bool[] _nameSamples;
    private readonly IConfidenceEstimator?[] _estimators;
    private readonly TimeSpan?[] _timeouts;
    private readonly string?[] _providers;
    private readonly CascadePrompts _prompts;
    private readonly TimeProvider _time;
    private readonly int _finalTier;
    private readonly ChatClientMetadata _metadata;

    public AutoMixCascade(CascadeDefinition definition, IReadOnlyList<IChatClient> tierClients, AutoMixCascadeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tierClients);
        if (tierClients.Count != definition.Tiers.Count)
        {
            throw new ArgumentException(
                $"Cascade '{definition.Name}' has {definition.Tiers.Count} tiers but {tierClients.Count} tier clients were given.", nameof(tierClients));
        }

        Definition = definition;
        Options = options ?? new AutoMixCascadeOptions();
        _prompts = Options.Prompts ?? throw new ArgumentException("AutoMixCascadeOptions.Prompts must not be null.", nameof(options));
        _time = Options.TimeProvider ?? throw new ArgumentException("AutoMixCascadeOptions.TimeProvider must not be null.", nameof(options));
        foreach (var (tierName, timeout) in Options.TierTimeouts)
        {
            if (timeout <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The timeout of tier '{tierName}' must be positive.", nameof(options));
            }

            var known = false;
            foreach (var tier in definition.Tiers)
            {
                known |= string.Equals(tier.Name, tierName, StringComparison.Ordinal);
            }

            if (!known)
            {
                throw new ArgumentException($"A timeout is set for tier '{tierName}', which cascade '{definition.Name}' does not have.", nameof(options));
            }
        }

        if (Options.TierTimeout is { } defaultTimeout && defaultTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("AutoMixCascadeOptions.TierTimeout must be positive.", nameof(options));
        }

        var count = definition.Tiers.Count;
        _finalTier = count - 1;
        _clients = new IChatClient[count];
        _estimators = new IConfidenceEstimator?[count];
        _timeouts = new TimeSpan?[count];
        _providers = new string?[count];
        _nameSamples = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var tier = definition.Tiers[i];
            _clients[i] = tierClients[i] ?? throw new ArgumentException($"The client of tier '{tier.Name}' is null.", nameof(tierClients));
            _estimators[i] = tier.Verifier is { } verifier ? ConfidenceEstimators.For(verifier.Method) : null;
            _timeouts[i] = Options.TimeoutFor(tier.Name);
            _providers[i] = (_clients[i].GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.ProviderName;
            // A response cache in the tier's pipeline (UseDistributedCache) keys on messages and options: unnamed
            // verifier samples would all be one cache entry, and every sample the same answer.
            _nameSamples[i] = Options.NameVerifierSamples || _clients[i].GetService(typeof(CachingChatClient)) is not null;
        }

        _metadata = new ChatClientMetadata("automix", null, definition.Name);
    }

    public CascadeDefinition Definition { get; }

    public AutoMixCascadeOptions Options { get; }

    /// <summary>Runs the cascade and returns the accepted answer with the full trace.</summary>
    /// <exception cref="ArgumentException">No user message, or an unknown operating point (the message lists the known ones).</exception>
    /// <exception cref="CascadeTierFailedException">The final tier failed, or a tier failed under <see cref="TierFailureMode.Fail"/>.</exception>
    /// <exception cref="AutoMixVerifierException">A backend cannot serve its tier's verifier.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; outstanding backend calls are cancelled too.</exception>
    public Task<CascadeResult> RunAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(messages, options, cancellationToken).AsTask();

    /// <summary>
    /// <see cref="RunAsync"/> as a ValueTask, so that <see cref="GetResponseAsync"/> does not allocate a task for the
    /// result it unwraps when the backends answer synchronously (cached responses).
    /// </summary>
    private async ValueTask<CascadeResult> RunCoreAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var run = StartRun(messages, options);
        try
        {
            var table = run.Table;
            var (tierIndex, node) = (table.StartTier, 0);
            while (true)
            {
                // Verifying nodes first; then the tier whose answer is kept unverified (the final tier, or one the table accepts as is).
                var route = await RouteAsync(run, tierIndex, node, cancellationToken).ConfigureAwait(false);
                var answer = route.Accepted ?? await AnswerUnverifiedAsync(run, route.Tier, route.Node, cancellationToken).ConfigureAwait(false);
                if (answer is not null)
                {
                    var trace = CompleteRun(run, route.Tier);
                    return new CascadeResult(BuildResponse(answer, route.Tier, run, trace), trace);
                }

                // The unverified tier failed and the cascade escalated: route on from the escalation target.
                (tierIndex, node) = (table.EscalationTier[route.Node], table.EscalationNode[route.Node]);
            }
        }
        catch (Exception ex)
        {
            MarkFailed(run.Activity, ex);
            throw;
        }
        finally
        {
            run.Activity?.Dispose();
        }
    }

    /// <inheritdoc />
    public virtual async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await RunCoreAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return result.Response;
    }

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType == typeof(CascadeDefinition) ? Definition : null;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources of derived cascades. The tier clients are not owned and are left alone.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private CascadeRun StartRun(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? new List<ChatMessage>(messages);
        var table = Definition.Resolve(options.GetOperatingPoint());
        var query = new CascadeQuery(list, options?.Instructions);
        var taskPrompt = _prompts.BuildTaskPrompt(query) ?? throw new InvalidOperationException($"{_prompts.GetType().Name}.BuildTaskPrompt returned null.");
        var activity = StartCascadeActivity(table);
        return new CascadeRun(table, query, taskPrompt, WithoutCascadeKeys(options), activity);
    }

    /// <summary>
    /// Backends must not see the caller's cascade-only settings (a provider could forward unknown keys to its API);
    /// the cascade writes its own <see cref="AutoMixRequestProperties"/> per call.
    /// </summary>
    private static ChatOptions? WithoutCascadeKeys(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !HasCascadeKey(props))
        {
            return options;
        }

        var copy = options.Clone();
        var filtered = new AdditionalPropertiesDictionary();
        foreach (var (key, value) in props)
        {
            if (!AutoMixRequestProperties.IsCascadeKey(key))
            {
                filtered[key] = value;
            }
        }

        copy.AdditionalProperties = filtered.Count == 0 ? null : filtered;
        return copy;
    }

    private static bool HasCascadeKey(AdditionalPropertiesDictionary props)
    {
        foreach (var key in props.Keys)
        {
            if (AutoMixRequestProperties.IsCascadeKey(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The options a tier answers with: the caller's, with <see cref="ChatOptions.ModelId"/> replaced by the tier's
    /// model (<see cref="AutoMixCascadeOptions.SendTierModelId"/>) or removed, because the cascade, not the caller,
    /// chooses the model of each tier; marked with the call's <see cref="AutoMixRequestProperties"/> (answer, tier).
    /// Always a copy: the caller's options are never changed.
    /// </summary>
    private ChatOptions TaskOptionsFor(CascadeRun run, int tierIndex)
    {
        var tier = Definition.Tiers[tierIndex];
        var copy = run.TaskOptions?.Clone() ?? new ChatOptions();
        copy.ModelId = Options.SendTierModelId ? tier.Model : null;
        return AutoMixRequestProperties.Mark(copy, AutoMixRequestProperties.AnswerPurpose, tier.Name, run.Query.Question);
    }

    /// <summary>
    /// Runs verifying nodes from (<paramref name="tierIndex"/>, <paramref name="node"/>) until the table accepts a
    /// verified answer or reaches a node that does not verify (a non-final tier accepted unverified, or the final tier).
    /// </summary>
    private async ValueTask<RouteOutcome> RouteAsync(CascadeRun run, int tierIndex, int node, CancellationToken cancellationToken)
    {
        var table = run.Table;
        while (tierIndex != _finalTier && table.VerifiesAt(node))
        {
            var tier = Definition.Tiers[tierIndex];
            var client = _clients[tierIndex];
            var started = _time.GetTimestamp();
            using var activity = StartTierActivity(run, tierIndex);
            using var deadline = TierDeadline.Start(_timeouts[tierIndex], _time, cancellationToken);

            ChatResponse? answer = null;
            ConfidenceEstimate? estimate = null;
            UsageDetails? usage = null;
            double cost = 0;
            Exception? failure = null;
            AdaptiveVerification? adaptive = null;
            try
            {
                // Charged when the call is issued: a backend bills a request that later fails or times out.
                cost += tier.Cost;
                var taskOptions = TaskOptionsFor(run, tierIndex);
                answer = await client.GetResponseAsync(run.TaskPrompt, taskOptions, deadline.Token).ConfigureAwait(false);
                usage = ConcurrentSampler.Add(usage, answer.Usage);

                var request = new VerificationRequest(
                    client, tier, run.Query, run.TaskPrompt, taskOptions, answer.Text, _prompts, Options.UseMultiChoiceRequests,
                    Options.SendTierModelId ? tier.Model : null,
                    _nameSamples[tierIndex]);
                if (tier.Verifier!.Adaptive is { } sampling)
                {
                    // Rounds until the table stops sampling; each round is charged as it is issued.
                    adaptive = new AdaptiveVerification(sampling);
                    bool drawAnother;
                    do
                    {
                        cost += sampling.CostOfRound(adaptive.Round);
                        var round = await _estimators[tierIndex]!.EstimateAsync(
                            request with { SampleCount = sampling.DrawnIn(adaptive.Round), FirstSampleIndex = adaptive.Drawn }, deadline.Token).ConfigureAwait(false);
                        usage = ConcurrentSampler.Add(usage, round.Usage);
                        drawAnother = adaptive.Add(round, table, node);
                    }
                    while (drawAnother);

                    estimate = adaptive.Estimate(usage);
                }
                else
                {
                    cost += tier.Verifier!.Cost;
                    estimate = await _estimators[tierIndex]!.EstimateAsync(request, deadline.Token).ConfigureAwait(false);
                    usage = ConcurrentSampler.Add(usage, estimate.Usage);
                }
            }
            catch (Exception ex) when (IsTierFailure(ex, cancellationToken))
            {
                failure = AsTierFailure(ex, deadline, tier.Name);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                throw new OperationCanceledException("The cascade was cancelled.", ex, cancellationToken);
            }

            var model = answer?.ModelId ?? tier.Model;
            if (failure is not null)
            {
                var escalate = Options.TierFailureMode == TierFailureMode.EscalateToNextTier;
                var nextTier = escalate ? table.EscalationTier[node] : (int?)null;
                var failed = new CascadeStep(
                    tierIndex, tier.Name, model, node, answer?.Text, Array.Empty<VerifierSample>(), null, 0, null, null,
                    escalate ? CascadeStepOutcome.FailedEscalated : CascadeStepOutcome.Failed, nextTier,
                    usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, cost, _time.GetElapsedTime(started), failure);
                Record(run, failed, usage, activity, model);
                if (!escalate)
                {
                    throw Fail(run, tierIndex, failure);
                }

                CountEscalation(tierIndex, nextTier!.Value, "failure");
                tierIndex = nextTier.Value;
                node = table.EscalationNode[node];
                continue;
            }

            var confidence = estimate!.Confidence;
            var bin = adaptive?.Point ?? tier.Verifier!.Binning.BinOf(confidence);
            var next = table.Next(node, bin);
            var accepted = next == PolicyTable.AcceptSlot;
            var target = accepted ? -1 : table.NodeTier[next];
            var step = new CascadeStep(
                tierIndex, tier.Name, model, node, answer!.Text, estimate.Samples, confidence, estimate.UnparseableCount, bin,
                accepted ? TableAction.Accept : TableAction.RouteTo(target),
                accepted ? CascadeStepOutcome.Accepted : CascadeStepOutcome.Routed,
                accepted ? null : target,
                usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, cost, _time.GetElapsedTime(started), null)
            {
                Rounds = adaptive?.Rounds ?? (IReadOnlyList<VerifierRound>)Array.Empty<VerifierRound>(),
            };
            Record(run, step, usage, activity, model);
            if (accepted)
            {
                return new RouteOutcome(tierIndex, node, answer);
            }

            CountEscalation(tierIndex, target, "route");
            tierIndex = target;
            node = next;
        }

        return new RouteOutcome(tierIndex, node, null);
    }

    /// <summary>
    /// Answers with a tier whose node does not verify (the final tier, or a tier the table accepts unverified): one
    /// call, no verifier, charged the tier's cost alone. Null when the tier failed and the cascade escalated
    /// (<see cref="EscalatesOnFailure"/>); the caller routes on from the node's escalation target.
    /// </summary>
    private async ValueTask<ChatResponse?> AnswerUnverifiedAsync(CascadeRun run, int tierIndex, int node, CancellationToken cancellationToken)
    {
        var tier = Definition.Tiers[tierIndex];
        var started = _time.GetTimestamp();
        using var activity = StartTierActivity(run, tierIndex);
        using var deadline = TierDeadline.Start(_timeouts[tierIndex], _time, cancellationToken);
        ChatResponse response;
        try
        {
            response = await _clients[tierIndex].GetResponseAsync(run.TaskPrompt, TaskOptionsFor(run, tierIndex), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTierFailure(ex, cancellationToken))
        {
            var failure = AsTierFailure(ex, deadline, tier.Name);
            if (RecordUnverifiedFailure(run, tierIndex, node, started, activity, failure, canEscalate: true))
            {
                return null;
            }

            throw Fail(run, tierIndex, failure);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The cascade was cancelled.", ex, cancellationToken);
        }

        RecordUnverifiedAnswer(run, tierIndex, node, started, activity, response);
        return response;
    }

    /// <summary>Whether a failure at this tier moves the query on: never for the final tier, otherwise per <see cref="TierFailureMode"/>.</summary>
    private bool EscalatesOnFailure(int tierIndex) =>
        tierIndex != _finalTier && Options.TierFailureMode == TierFailureMode.EscalateToNextTier;

    /// <summary>
    /// Records a failed unverified visit; returns whether the cascade escalates (the step then names the next tier).
    /// <paramref name="canEscalate"/> is false once part of the answer was streamed to the caller.
    /// </summary>
    private bool RecordUnverifiedFailure(CascadeRun run, int tierIndex, int node, long started, Activity? activity, Exception failure, bool canEscalate)
    {
        var tier = Definition.Tiers[tierIndex];
        var escalate = canEscalate && EscalatesOnFailure(tierIndex);
        var nextTier = escalate ? run.Table.EscalationTier[node] : (int?)null;
        var step = new CascadeStep(
            tierIndex, tier.Name, tier.Model, node, null, Array.Empty<VerifierSample>(), null, 0, null, null,
            escalate ? CascadeStepOutcome.FailedEscalated : CascadeStepOutcome.Failed, nextTier,
            0, 0, tier.Cost, _time.GetElapsedTime(started), failure);
        Record(run, step, null, activity, tier.Model);
        if (escalate)
        {
            CountEscalation(tierIndex, nextTier!.Value, "failure");
        }

        return escalate;
    }

    /// <summary>Records an unverified answer: <see cref="CascadeStepOutcome.Answered"/> on the final tier, <see cref="CascadeStepOutcome.AcceptedUnverified"/> before it.</summary>
    private void RecordUnverifiedAnswer(CascadeRun run, int tierIndex, int node, long started, Activity? activity, ChatResponse response)
    {
        var tier = Definition.Tiers[tierIndex];
        var model = response.ModelId ?? tier.Model;
        var isFinal = tierIndex == _finalTier;
        var step = new CascadeStep(
            tierIndex, tier.Name, model, node, response.Text, Array.Empty<VerifierSample>(), null, 0, null,
            isFinal ? null : TableAction.Accept,
            isFinal ? CascadeStepOutcome.Answered : CascadeStepOutcome.AcceptedUnverified, null,
            response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0,
            tier.Cost, _time.GetElapsedTime(started), null);
        Record(run, step, response.Usage, activity, model);
    }

    /// <summary>A tier failure is any exception except the caller's cancellation and verifier contract errors.</summary>
    private static bool IsTierFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is not AutoMixVerifierException;

    private static Exception AsTierFailure(Exception ex, in TierDeadline deadline, string tierName) =>
        ex is OperationCanceledException && deadline.TimedOut
            ? new TimeoutException($"Tier '{tierName}' did not finish within its timeout of {deadline.Limit}.", ex)
            : ex;

    private CascadeTierFailedException Fail(CascadeRun run, int tierIndex, Exception failure)
    {
        var trace = BuildTrace(run, -1);
        CountQuery(run, null);
        return new CascadeTierFailedException(Definition.Tiers[tierIndex].Name, tierIndex, trace, failure);
    }

    private CascadeTrace BuildTrace(CascadeRun run, int answeringTier) =>
        new(
            Definition.Name,
            run.Table.Name,
            run.Steps,
            answeringTier,
            answeringTier < 0 ? null : Definition.Tiers[answeringTier].Name,
            run.Cost,
            run.InputTokens,
            run.OutputTokens);

    private CascadeTrace CompleteRun(CascadeRun run, int answeringTier)
    {
        var trace = BuildTrace(run, answeringTier);
        var tierName = Definition.Tiers[answeringTier].Name;
        CountQuery(run, tierName);
        if (run.Activity is { } activity)
        {
            activity.SetTag(AutoMixTelemetry.AnsweringTierAttribute, tierName);
            activity.SetTag(AutoMixTelemetry.CostAttribute, trace.TotalCost);
            activity.SetTag(AutoMixTelemetry.InputTokensAttribute, trace.InputTokens);
            activity.SetTag(AutoMixTelemetry.OutputTokensAttribute, trace.OutputTokens);
            activity.SetTag(AutoMixTelemetry.ResponseModelAttribute, Definition.Tiers[answeringTier].Model);
        }

        return trace;
    }

    private ChatResponse BuildResponse(ChatResponse answer, int answeringTier, CascadeRun run, CascadeTrace trace)
    {
        var properties = new AdditionalPropertiesDictionary();
        if (answer.AdditionalProperties is { } original)
        {
            foreach (var (key, value) in original)
            {
                properties[key] = value;
            }
        }

        properties[CascadeResponseExtensions.TraceKey] = trace;
        return new ChatResponse(answer.Messages)
        {
            ModelId = answer.ModelId ?? Definition.Tiers[answeringTier].Model,
            Usage = run.Usage,
            ResponseId = answer.ResponseId,
            ConversationId = answer.ConversationId,
            CreatedAt = answer.CreatedAt,
            FinishReason = answer.FinishReason,
            RawRepresentation = answer,
            AdditionalProperties = properties,
        };
    }
}
