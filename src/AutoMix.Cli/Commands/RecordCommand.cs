using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Cli.Infrastructure;
using AutoMix.Cli.Recording;
using AutoMix.OpenAI;
using AutoMix.Policies.Parsing;
using Microsoft.Extensions.AI;

namespace AutoMix.Cli.Commands;

/// <summary>
/// <c>automix record --questions q.jsonl --endpoint URL --tiers small=m1,large=m2 --policy p.yaml --out runs.jsonl</c>:
/// asks every tier's model every question through an OpenAI-compatible endpoint, scores the answers (exact match,
/// token F1), runs each verified tier's verifier with the runtime's estimator, and writes recorded runs in the
/// shared-data format. Backend errors are recorded per tier and make the command exit non-zero at the end.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliContext context)
    {
        var questions = new Option<string>("--questions") { Description = "Questions (JSONL: id, prompt or question + context, gold as a string or list).", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "OpenAI-compatible API base, e.g. http://localhost:8000/v1.", Required = true };
        var tiers = new Option<string?>("--tiers") { Description = "Model of each tier: small=llama3.1-8b,large=llama3.1-70b; model@URL sends a tier elsewhere (default: the policy's models)." };
        var policy = new Option<string>("--policy") { Description = "The policy whose tiers and verifiers are recorded.", Required = true };
        var output = new Option<string>("--out") { Description = "The recorded-runs file to write (JSONL).", Required = true };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the API key (sent as a bearer token)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Questions recorded at once.", DefaultValueFactory = _ => 4 };
        var restart = new Option<bool>("--restart") { Description = "Discard <out>.partial of an interrupted run and record every question again (by default the run resumes from it)." };

        var command = new Command("record", "Ask real models the questions, score and verify their answers, and write recorded runs.")
        {
            questions, endpoint, tiers, policy, output, apiKeyEnv, concurrency, restart,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parallelism = parse.GetValue(concurrency);
            if (parallelism < 1)
            {
                throw new CliException("error: --concurrency must be at least 1.");
            }

            var policyPath = parse.GetRequiredValue(policy);
            var parsed = PolicyParser.ParseWithoutModel(PolicyFiles.ReadText(policyPath), policyPath);
            foreach (var diagnostic in parsed.Diagnostics)
            {
                (diagnostic.IsError ? context.Error : context.Out).WriteLine(diagnostic.ToString());
            }

            if (parsed.Document is null)
            {
                throw new CliException($"{policyPath}: has errors outside its model: section; nothing was recorded.", ExitCodes.PolicyErrors);
            }

            var endpoints = TierEndpoint.Parse(parse.GetValue(tiers), parse.GetRequiredValue(endpoint), parsed.Document);
            string? apiKey = null;
            if (parse.GetValue(apiKeyEnv) is { } variable)
            {
                apiKey = Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrEmpty(apiKey))
                {
                    throw new CliException($"error: --api-key-env names '{variable}', but that environment variable is not set.");
                }
            }

            var items = QuestionFile.Read(parse.GetRequiredValue(questions), context);
            var clients = endpoints.Select(e => OpenAITierClient.Create(new OpenAICompatibleClientOptions
            {
                Endpoint = e.Endpoint,
                DefaultModelId = e.Model,
                ApiKey = apiKey,
            })).ToArray();
            try
            {
                return await RecordAllAsync(items, endpoints, clients, parse.GetRequiredValue(output), parallelism, parse.GetValue(restart), context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        });
        return command;
    }

    private static async Task<int> RecordAllAsync(
        IReadOnlyList<Question> allQuestions, IReadOnlyList<TierEndpoint> tiers, IReadOnlyList<IChatClient> clients, string outputPath,
        int parallelism, bool restart, CliContext context, CancellationToken cancellationToken)
    {
        // Lines are appended in question order as soon as every earlier question is done, to a file beside the
        // target that replaces it only at the end: an interrupted run leaves the target alone and keeps what was
        // paid for, and the next run resumes from it (skips the ids it holds, appends, never truncates).
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Directory.CreateDirectory(directory);
        var partial = PartialRecording.PathFor(outputPath);
        if (restart && File.Exists(partial))
        {
            File.Delete(partial);
            context.Out.WriteLine($"--restart: discarded {partial}.");
        }

        var recorded = PartialRecording.ReadRecordedIds(partial, context);
        var questions = allQuestions.Where(q => !recorded.Contains(q.Id)).ToList();
        var kept = allQuestions.Count - questions.Count;
        if (kept > 0)
        {
            context.Out.WriteLine($"Resuming from {partial}: {kept} of {allQuestions.Count} question(s) already recorded, {questions.Count} to go (--restart starts over).");
        }

        var lines = new string?[questions.Count];
        var outcomes = new TierOutcome[questions.Count][];
        var written = 0;
        var gate = new object();
        try
        {
            await using (var writer = new StreamWriter(partial, append: true, new UTF8Encoding(false)))
            {
                await ProgressDisplay.RunAsync(context, "recording questions", async progress =>
                {
                    await Parallel.ForEachAsync(
                        Enumerable.Range(0, questions.Count),
                        new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                        async (index, token) =>
                        {
                            var question = questions[index];
                            var perTier = new TierOutcome[tiers.Count];
                            for (var t = 0; t < tiers.Count; t++)
                            {
                                perTier[t] = await Recorder.RecordAsync(question, tiers[t], clients[t], token).ConfigureAwait(false);
                            }

                            outcomes[index] = perTier;
                            lock (gate)
                            {
                                lines[index] = Recorder.Line(question, perTier);
                                while (written < lines.Length && lines[written] is { } line)
                                {
                                    writer.Write(line);
                                    writer.Write('\n');
                                    written++;
                                }

                                writer.Flush();
                                progress?.Report((written, questions.Count));
                            }
                        }).ConfigureAwait(false);
                    return written;
                }).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            context.Error.WriteLine($"The {kept + written} question(s) recorded so far are in {partial}; {outputPath} was not changed. Run the same command again to resume (--restart starts over).");
            throw;
        }

        File.Move(partial, outputPath, overwrite: true);

        var failures = new List<string>();
        for (var i = 0; i < questions.Count; i++)
        {
            foreach (var outcome in outcomes[i].Where(o => o.Error is not null))
            {
                failures.Add($"{questions[i].Id} / {outcome.Model}: {outcome.Error!.Message}");
            }
        }

        var calls = questions.Count * tiers.Count;
        context.Out.WriteLine($"Recorded {questions.Count} question(s) x {tiers.Count} tier(s) to {outputPath}: {calls - failures.Count} run(s), {failures.Count} failed."
            + (kept > 0 ? $" {kept} question(s) recorded by an earlier run were kept." : string.Empty));
        foreach (var tier in tiers.Select((t, i) => (t, i)))
        {
            var answered = outcomes.Select(o => o[tier.i]).Where(o => o.Error is null).ToList();
            if (answered.Count > 0)
            {
                context.Out.WriteLine(FormattableString.Invariant(
                    $"  {tier.t.Tier.Name} ({tier.t.Model}): exact match {answered.Average(o => o.Score):0.####}, F1 {answered.Average(o => o.F1):0.####} over {answered.Count} answer(s)"));
            }
        }

        if (failures.Count == 0)
        {
            return ExitCodes.Success;
        }

        context.Error.WriteLine($"error: {failures.Count} of {calls} tier call(s) failed (recorded under \"errors\" in {outputPath}):");
        foreach (var failure in failures.Take(20))
        {
            context.Error.WriteLine("  " + failure);
        }

        if (failures.Count > 20)
        {
            context.Error.WriteLine($"  ... and {failures.Count - 20} more");
        }

        return ExitCodes.BackendErrors;
    }
}
