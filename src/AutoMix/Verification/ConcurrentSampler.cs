using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Backends;
using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>
/// Draws k samples of one prompt concurrently (numbered from a first index, so an adaptive verifier's later rounds
/// continue the numbering): k requests in flight at once (or one multi-choice request with
/// "n" = k, topped up with single requests). The first failure cancels the other requests, waits for them to stop,
/// and is rethrown; caller cancellation cancels every request.
/// </summary>
internal static class ConcurrentSampler
{
    public const string ChoiceCountKey = "n";

    public static async ValueTask<SampleBatch> DrawAsync(
        IChatClient client,
        IEnumerable<ChatMessage> prompt,
        ChatOptions options,
        int samples,
        int firstIndex,
        bool multiChoice,
        bool nameSamples,
        CancellationToken cancellationToken)
    {
        var texts = new string[samples];
        UsageDetails? usage = null;
        var filled = 0;
        if (multiChoice && samples > 1)
        {
            var multiOptions = options.Clone();
            var props = multiOptions.AdditionalProperties ??= new AdditionalPropertiesDictionary();
            props[ChoiceCountKey] = samples;
            OpenAIChatCompletions.RequestChoices(multiOptions, samples);
            if (nameSamples)
            {
                props[AutoMixRequestProperties.SampleIndex] = firstIndex;
            }
            var response = await client.GetResponseAsync(prompt, multiOptions, cancellationToken).ConfigureAwait(false);
            usage = Add(usage, response.Usage);
            // The official OpenAI client returns one message (choice 0); its raw completion holds every choice.
            IEnumerable<string> choices = OpenAIChatCompletions.ReadChoiceTexts(response) is { Count: > 1 } raw
                ? raw
                : AssistantTexts(response);
            foreach (var text in choices)
            {
                if (filled == samples)
                {
                    break;
                }

                texts[filled++] = text;
            }
        }

        var remaining = samples - filled;
        if (remaining == 0)
        {
            return new SampleBatch(texts, usage);
        }

        if (remaining == 1)
        {
            var single = await client.GetResponseAsync(prompt, nameSamples ? AutoMixRequestProperties.WithSampleIndex(options, firstIndex + filled) : options, cancellationToken).ConfigureAwait(false);
            texts[filled] = single.Text;
            return new SampleBatch(texts, Add(usage, single.Usage));
        }

        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Rented: the array never leaves this method, and a verifier draws a batch on every verified tier visit.
        var tasks = ArrayPool<Task<ChatResponse>>.Shared.Rent(remaining);
        try
        {
            return await DrawRemainingAsync(client, prompt, options, nameSamples, firstIndex, texts, filled, remaining, usage, tasks, siblings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<Task<ChatResponse>>.Shared.Return(tasks, clearArray: true);
        }
    }

    /// <summary>Starts the <paramref name="remaining"/> single requests (into <paramref name="tasks"/>), waits for them and fills the texts.</summary>
    private static async ValueTask<SampleBatch> DrawRemainingAsync(
        IChatClient client,
        IEnumerable<ChatMessage> prompt,
        ChatOptions options,
        bool nameSamples,
        int firstIndex,
        string[] texts,
        int filled,
        int remaining,
        UsageDetails? usage,
        Task<ChatResponse>[] tasks,
        CancellationTokenSource siblings,
        CancellationToken cancellationToken)
    {
        List<Task>? watchers = null;
        var started = 0;
        for (; started < remaining; started++)
        {
            Task<ChatResponse> task;
            try
            {
                // When asked, each request names its sample, so a seeded backend gives the same sample whatever the call order.
                task = client.GetResponseAsync(prompt, nameSamples ? AutoMixRequestProperties.WithSampleIndex(options, firstIndex + filled + started) : options, siblings.Token);
            }
            catch (Exception ex)
            {
                // A backend that throws synchronously fails the batch just like a faulted task.
                task = Task.FromException<ChatResponse>(ex);
            }

            tasks[started] = task;
            if (!task.IsCompleted)
            {
                // The watcher cancels the siblings when this request fails. Waiting for the watchers (not the
                // requests) guarantees every Cancel has run before the token source is disposed.
                (watchers ??= new List<Task>(remaining)).Add(task.ContinueWith(
                    static (t, state) =>
                    {
                        if (!t.IsCompletedSuccessfully)
                        {
                            ((CancellationTokenSource)state!).Cancel();
                        }
                    },
                    siblings,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default));
            }
            else if (!task.IsCompletedSuccessfully)
            {
                siblings.Cancel();
                started++;
                break;
            }
        }

        if (watchers is not null)
        {
            // Wait for every started request to stop before returning: no verifier call outlives the batch.
            await Task.WhenAll(watchers).ConfigureAwait(false);
        }

        ThrowFirstFailure(tasks, started, cancellationToken);
        for (var i = 0; i < remaining; i++)
        {
            var response = tasks[i].Result;
            texts[filled + i] = response.Text;
            usage = Add(usage, response.Usage);
        }

        return new SampleBatch(texts, usage);
    }

    private static IEnumerable<string> AssistantTexts(ChatResponse response)
    {
        foreach (var message in response.Messages)
        {
            if (message.Role == ChatRole.Assistant)
            {
                yield return message.Text;
            }
        }
    }

    /// <summary>Sums usage into a fresh accumulator (never mutates a backend's object).</summary>
    public static UsageDetails? Add(UsageDetails? total, UsageDetails? usage)
    {
        if (usage is null)
        {
            return total;
        }

        total ??= new UsageDetails();
        total.Add(usage);
        return total;
    }

    private static void ThrowFirstFailure(Task<ChatResponse>[] tasks, int started, CancellationToken cancellationToken)
    {
        // A real failure wins over the cancellations it caused in its siblings.
        for (var i = 0; i < started; i++)
        {
            if (tasks[i].IsFaulted)
            {
                var inner = tasks[i].Exception!.InnerExceptions;
                ExceptionDispatchInfo.Throw(inner.Count == 1 ? inner[0] : tasks[i].Exception!);
            }
        }

        for (var i = 0; i < started; i++)
        {
            if (tasks[i].IsCanceled)
            {
                cancellationToken.ThrowIfCancellationRequested();
                tasks[i].GetAwaiter().GetResult();
            }
        }
    }
}
