using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Extensions.AI;

namespace AutoMix;

public partial class AutoMixCascade
{
    /// <summary>
    /// Streams the cascade's answer without ever leaking an answer that may still be rejected: verifying tiers run
    /// buffered, and an accepted verified answer is then emitted as updates; a tier answered without verification
    /// (the final tier, or one the table accepts unverified) streams its updates live. If such a non-final tier fails
    /// before its first update, the cascade escalates as <see cref="AutoMixCascadeOptions.TierFailureMode"/> says;
    /// once part of its answer was streamed, a failure ends the run. Backend usage updates are held back; the last
    /// update carries the summed usage (<see cref="UsageContent"/>) and the trace (<c>AdditionalProperties["automix.trace"]</c>).
    /// </summary>
    public virtual IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(messages, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var run = StartRun(messages, options);
        var failed = true;
        try
        {
            var (tierIndex, node) = (run.Table.StartTier, 0);
            while (true)
            {
                var route = await RouteAsync(run, tierIndex, node, cancellationToken).ConfigureAwait(false);
                if (route.Accepted is { } accepted)
                {
                    var acceptedTrace = CompleteRun(run, route.Tier);
                    var acceptedModel = accepted.ModelId ?? Definition.Tiers[route.Tier].Model;
                    foreach (var update in ToUpdates(accepted, acceptedModel))
                    {
                        yield return update;
                    }

                    failed = false;
                    yield return FinalUpdate(run, acceptedTrace, acceptedModel, accepted.ResponseId);
                    yield break;
                }

                // A node that does not verify: stream this tier live.
                var live = route.Tier;
                var tier = Definition.Tiers[live];
                var started = _time.GetTimestamp();
                using var activity = StartTierActivity(run, live);
                using var deadline = TierDeadline.Start(_timeouts[live], _time, cancellationToken);
                var received = new List<ChatResponseUpdate>();
                var escalated = false;
                IAsyncEnumerator<ChatResponseUpdate>? stream = null;
                try
                {
                    while (true)
                    {
                        ChatResponseUpdate update;
                        Exception? failure = null;
                        try
                        {
                            stream ??= _clients[live].GetStreamingResponseAsync(run.TaskPrompt, TaskOptionsFor(run, live), deadline.Token).GetAsyncEnumerator(deadline.Token);
                            if (!await stream.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            update = stream.Current;
                        }
                        catch (Exception ex) when (IsTierFailure(ex, cancellationToken))
                        {
                            failure = AsTierFailure(ex, deadline, tier.Name);
                            update = null!;
                        }
                        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
                        {
                            throw new OperationCanceledException("The cascade was cancelled.", ex, cancellationToken);
                        }

                        if (failure is not null)
                        {
                            // Nothing of this tier reached the caller yet: moving on cannot mix two answers.
                            if (RecordUnverifiedFailure(run, live, route.Node, started, activity, failure, canEscalate: received.Count == 0))
                            {
                                escalated = true;
                                break;
                            }

                            throw Fail(run, live, failure);
                        }

                        received.Add(update);
                        yield return WithoutUsage(update);
                    }
                }
                finally
                {
                    if (stream is not null)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                    }
                }

                if (escalated)
                {
                    (tierIndex, node) = (run.Table.EscalationTier[route.Node], run.Table.EscalationNode[route.Node]);
                    continue;
                }

                var response = received.ToChatResponse();
                RecordUnverifiedAnswer(run, live, route.Node, started, activity, response);
                var trace = CompleteRun(run, live);
                failed = false;
                yield return FinalUpdate(run, trace, response.ModelId ?? tier.Model, response.ResponseId);
                yield break;
            }
        }
        finally
        {
            if (failed && run.Activity is { } cascadeActivity)
            {
                cascadeActivity.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }

            run.Activity?.Dispose();
        }
    }

    /// <summary>An accepted buffered answer as updates, one per message, without the backend's usage.</summary>
    private static IEnumerable<ChatResponseUpdate> ToUpdates(ChatResponse response, string modelId)
    {
        var messages = response.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            yield return new ChatResponseUpdate(message.Role, WithoutUsage(message.Contents))
            {
                AuthorName = message.AuthorName,
                MessageId = message.MessageId,
                ResponseId = response.ResponseId,
                ConversationId = response.ConversationId,
                CreatedAt = message.CreatedAt ?? response.CreatedAt,
                ModelId = modelId,
                AdditionalProperties = message.AdditionalProperties,
                FinishReason = i == messages.Count - 1 ? response.FinishReason : null,
            };
        }
    }

    private static ChatResponseUpdate FinalUpdate(CascadeRun run, CascadeTrace trace, string modelId, string? responseId) =>
        new(ChatRole.Assistant, new List<AIContent> { new UsageContent(run.Usage) })
        {
            ModelId = modelId,
            ResponseId = responseId,
            AdditionalProperties = new AdditionalPropertiesDictionary { [CascadeResponseExtensions.TraceKey] = trace },
        };

    /// <summary>Backend usage is summed into the final update; forwarding it too would count it twice.</summary>
    private static ChatResponseUpdate WithoutUsage(ChatResponseUpdate update)
    {
        if (!HasUsage(update.Contents))
        {
            return update;
        }

        var copy = update.Clone();
        copy.Contents = WithoutUsage(update.Contents);
        return copy;
    }

    private static IList<AIContent> WithoutUsage(IList<AIContent> contents)
    {
        if (!HasUsage(contents))
        {
            return contents;
        }

        var filtered = new List<AIContent>(contents.Count);
        foreach (var content in contents)
        {
            if (content is not UsageContent)
            {
                filtered.Add(content);
            }
        }

        return filtered;
    }

    private static bool HasUsage(IList<AIContent> contents)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent)
            {
                return true;
            }
        }

        return false;
    }
}
