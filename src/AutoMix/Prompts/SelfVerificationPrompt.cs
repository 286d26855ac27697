namespace AutoMix;

/// <summary>
/// Text of the self-verification prompt (AutoMix's few-shot, context-grounded shape). The demonstrations are our
/// own: one wrong answer that mixes up two facts of the context, one correct arithmetic answer, and one correct
/// answer that has to be checked against every part of the context.
/// </summary>
internal static class SelfVerificationPrompt
{
    public const string Instruction =
        "Instruction: Using only the context and the question, decide whether the AI generated answer is correct or incorrect.";

    public const string Demonstrations =
        "You check answers. For each case, read the context, the question and the AI generated answer, "
        + "then write one line starting with \"Reasoning:\" that checks the answer against the context, "
        + "and a final line that is exactly \"Verdict: correct\" or \"Verdict: incorrect\".\n"
        + "\n"
        + "### Example 1\n"
        + "Context: The Marlow footbridge closed for repairs in March 2019. It reopened to pedestrians in October 2020; cyclists were allowed back in January 2021.\n"
        + "Question: Since when can pedestrians use the Marlow footbridge again?\n"
        + "AI Generated Answer: January 2021\n"
        + Instruction + "\n"
        + "Reasoning: The context says pedestrians returned in October 2020; January 2021 is when cyclists returned, so the answer confuses the two dates.\n"
        + "Verdict: incorrect\n"
        + "\n"
        + "### Example 2\n"
        + "Context: Ines bought 3 crates of apples with 24 apples in each. She gave 15 apples to her neighbour and baked a pie with 9.\n"
        + "Question: How many apples does Ines have left?\n"
        + "AI Generated Answer: 48\n"
        + Instruction + "\n"
        + "Reasoning: 3 crates of 24 make 72 apples; 72 - 15 - 9 = 48, which matches the answer.\n"
        + "Verdict: correct\n"
        + "\n"
        + "### Example 3\n"
        + "Context: The committee report gives two reasons for the delay of the new tram line: the track supplier went bankrupt, and the replacement rails failed their first safety inspection. Weather is not mentioned.\n"
        + "Question: Why was the tram line delayed?\n"
        + "AI Generated Answer: Its track supplier went bankrupt, and the rails from the new supplier did not pass the first safety inspection.\n"
        + Instruction + "\n"
        + "Reasoning: Both reasons in the answer are the two reasons the report gives, and the answer adds nothing the context does not support.\n"
        + "Verdict: correct\n";

    private const string NoContext = "(no context beyond the question)";

    public static string Case(string context, string question, string answer) =>
        string.Concat(
            "### Case to check\nContext: ",
            context.Length == 0 ? NoContext : context,
            "\nQuestion: ",
            question,
            "\nAI Generated Answer: ",
            answer,
            "\n" + Instruction + "\nReply with the Reasoning line and the Verdict line.");

    public static string SingleWordCase(string context, string question, string answer) =>
        string.Concat(
            "Context: ",
            context.Length == 0 ? NoContext : context,
            "\nQuestion: ",
            question,
            "\nAI Generated Answer: ",
            answer,
            "\n" + Instruction + "\nReply with exactly one word: correct or incorrect.");
}
