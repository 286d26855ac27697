using System.Globalization;
using System.Text;
using AutoMix.Policies.Data;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Testing.Data;

namespace AutoMix.Benchmarks;

/// <summary>
/// Policies and recorded rows for the solver benchmarks: a cascade of T tiers (T − 1 verified with a logprob
/// verifier of B equal bins, costs 1, 10, 20, 30, 40 and 50 for the final tier), calibrated on either
/// <list type="bullet">
/// <item>"mmlu": the 285 MMLU train rows of shared/data (llama3.1-8b, llama3.1-70b, llama3.1-405b, gpt-4o,
/// qwen2.5-32b-coder, final qwen2.5-72b): a realistic model with the states the data holds (4 to 42 of 2^T);</item>
/// <item>"synthetic": 2,000 seeded rows in which every tier's correctness and confidence are noisy functions of
/// a latent difficulty, so nearly all 2^T states occur: the larger models a six-tier policy can have.</item>
/// </list>
/// </summary>
public static class SolverWorkloads
{
    private static readonly string[] MmluModels = { "llama3.1-8b", "llama3.1-70b", "llama3.1-405b", "gpt-4o", "qwen2.5-32b-coder-instruct" };
    private const string MmluFinal = "qwen2.5-72b-instruct";
    private static readonly double[] Costs = { 1, 10, 20, 30, 40 };

    public static PolicyDocument Policy(int tiers, int bins, string data) =>
        PolicyParser.ParseWithoutModel(Text(tiers, bins, data, "max-ibc"), "solver-bench.automix.yaml").Document
            ?? throw new InvalidOperationException("The benchmark policy does not parse:\n" + Text(tiers, bins, data, "max-ibc"));

    /// <summary>The policy's YAML, without a model section; <paramref name="objective"/> is the router's objective as written.</summary>
    public static string Text(int tiers, int bins, string data, string objective)
    {
        if (tiers < 2 || tiers > Costs.Length + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tiers), tiers, "2 to 6 tiers.");
        }

        var text = new StringBuilder("automix: 1\npolicy: SolverBench\ntiers:\n");
        for (var t = 0; t < tiers - 1; t++)
        {
            var cost = Costs[t].ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"  - {{ name: t{t}, model: {Model(data, t, tiers)}, cost: {cost}, verifier: {{ method: logprob, cost: {cost}, observations: {{ bins: {bins} }} }} }}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  - {{ name: final, model: {Model(data, tiers - 1, tiers)}, cost: 50 }}\n");
        text.Append(CultureInfo.InvariantCulture, $"router: {{ kind: pomdp, objective: {objective} }}\n");
        return text.ToString();
    }

    public static IReadOnlyList<RecordedQuery> Rows(string data, int tiers) => data switch
    {
        "mmlu" => RecordedRunReader.ReadFile(SharedDataFolder.PathOf("rational-cascades/mmlu.train.jsonl")).Queries,
        "synthetic" => Synthetic(tiers, 2000, seed: 12),
        _ => throw new ArgumentOutOfRangeException(nameof(data), data, "mmlu or synthetic"),
    };

    private static string Model(string data, int tier, int tiers) =>
        data == "mmlu" ? (tier == tiers - 1 ? MmluFinal : MmluModels[tier]) : "m" + tier.ToString(CultureInfo.InvariantCulture);

    /// <summary>Rows whose tier t answers right with a chance rising with t and falling with the query's difficulty.</summary>
    private static IReadOnlyList<RecordedQuery> Synthetic(int tiers, int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<RecordedQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var difficulty = random.NextDouble();
            var runs = new Dictionary<string, RecordedRun>(StringComparer.Ordinal);
            for (var t = 0; t < tiers; t++)
            {
                var skill = 0.35 + (0.5 * t / (tiers - 1));
                var correct = random.NextDouble() < Math.Clamp(skill + (0.6 * (0.5 - difficulty)), 0.02, 0.98);
                var confidence = Math.Clamp((correct ? 0.62 : 0.38) + (0.5 * (random.NextDouble() - 0.5)) - (0.2 * (difficulty - 0.5)), 0, 1);
                runs["m" + t.ToString(CultureInfo.InvariantCulture)] = new RecordedRun(
                    correct ? "right" : "wrong", correct ? 1 : 0, null, null, null, null,
                    new RecordedVerifierSignal("answer-logprob", confidence, null));
            }

            rows.Add(new RecordedQuery("synthetic/" + i.ToString(CultureInfo.InvariantCulture), "synthetic", "train", "q", "right", runs, i + 1));
        }

        return rows;
    }
}
