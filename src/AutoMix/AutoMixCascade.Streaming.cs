using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Extensions.AI;

namespace AutoMix;

public partial class AutoMixCascade
{
    /// <summary>
    /// Streams the cascade's answer without ever leaking an answer that may still be rejected: verified tiers run
    /// buffered; an accepted verified answer is then emitted as updates, while a query routed to the final tier
    /// streams that tier's updates live. Backend usage updates are held back; the last update carries the summed
    /// usage (<see cref="UsageContent"/>) and the trace (<c>AdditionalProperties["automix.trace"]</c>).
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
            var route = await RouteAsync(run, cancellationToken).ConfigureAwait(false);
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

            var tier = Definition.Tiers[_finalTier];
            var started = _time.GetTimestamp();
            using var activity = StartTierActivity(run, _finalTier);
            using var deadline = TierDeadline.Start(_timeouts[_finalTier], _time, cancellationToken);
            var received = new List<ChatResponseUpdate>();
            IAsyncEnumerator<ChatResponseUpdate>? stream = null;
            try
            {
                while (true)
                {
                    ChatResponseUpdate update;
                    Exception? failure = null;
                    try
                    {
                        stream ??= _clients[_finalTier].GetStreamingResponseAsync(run.TaskPrompt, TaskOptionsFor(run, _finalTier), deadline.Token).GetAsyncEnumerator(deadline.Token);
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
                        RecordFinalFailure(run, route.Node, started, activity, failure);
                        throw Fail(run, _finalTier, failure);
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

            var response = received.ToChatResponse();
            RecordFinalAnswer(run, route.Node, started, activity, response);
            var trace = CompleteRun(run, _finalTier);
            failed = false;
            yield return FinalUpdate(run, trace, response.ModelId ?? tier.Model, response.ResponseId);
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
