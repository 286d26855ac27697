using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace AutoMix;

/// <summary>Mutable state of one cascade run: the query, the chosen table, and the ledger built step by step.</summary>
internal sealed class CascadeRun
{
    public CascadeRun(CompiledTable table, CascadeQuery query, IEnumerable<ChatMessage> taskPrompt, ChatOptions? taskOptions, Activity? activity)
    {
        Table = table;
        Query = query;
        TaskPrompt = taskPrompt;
        TaskOptions = taskOptions;
        Activity = activity;
    }

    public CompiledTable Table { get; }

    public CascadeQuery Query { get; }

    public IEnumerable<ChatMessage> TaskPrompt { get; }

    public ChatOptions? TaskOptions { get; }

    public Activity? Activity { get; }

    public List<CascadeStep> Steps { get; } = new(2);

    /// <summary>Usage summed over every backend call of the run.</summary>
    public UsageDetails Usage { get; } = new();

    public double Cost { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    /// <summary>Adds a finished step to the ledger: the only place cost and tokens are totalled, so nothing is charged twice.</summary>
    public void Add(CascadeStep step, UsageDetails? usage)
    {
        Steps.Add(step);
        Cost += step.Cost;
        InputTokens += step.InputTokens;
        OutputTokens += step.OutputTokens;
        if (usage is not null)
        {
            Usage.Add(usage);
        }
    }
}
