namespace AutoMix.Policies.Tests.Experiments;

/// <summary>The acceptance experiments: the paper's unit costs (small 1, large 50, verifier = one call of the verified tier).</summary>
internal static class Catalog
{
    private static readonly double[] Pair = { 1, 50 };
    private static readonly double[] Three = { 1, 10, 50 };

    public static IEnumerable<(string Key, Func<Experiment> Make)> All()
    {
        foreach (var task in new[] { "mmlu", "triviaqa" })
        {
            yield return ($"{task}:8b-70b", () => Experiment.RationalCascades(task, Pair, "llama3.1-8b", "llama3.1-70b"));
            yield return ($"{task}:4omini-4o", () => Experiment.RationalCascades(task, Pair, "gpt-4o-mini", "gpt-4o"));
            yield return ($"{task}:1b-405b", () => Experiment.RationalCascades(task, Pair, "llama3.2-1b", "llama3.1-405b"));
            yield return ($"{task}:8b-70b-405b", () => Experiment.RationalCascades(task, Three, "llama3.1-8b", "llama3.1-70b", "llama3.1-405b"));
        }

        yield return ("date:gpt35-gpt4", () => Experiment.MotCascade("date", Pair, "gpt-3.5-turbo", "gpt-4"));
        yield return ("date:llama13b-gpt4", () => Experiment.MotCascade("date", Pair, "llama-2-13b", "gpt-4"));
        yield return ("gsm8k:llama13b-gpt4", () => Experiment.MotCascade("gsm8k", Pair, "llama-2-13b", "gpt-4"));
    }
}
