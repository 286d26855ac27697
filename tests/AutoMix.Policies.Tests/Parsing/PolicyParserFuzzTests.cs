using System.Text;
using AutoMix.Policies.Parsing;
using CsCheck;
using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>
/// The parser runs inside the IDE's source generator host, so no input may crash it. Properties run on CsCheck: a
/// failure is shrunk to a minimal input (fewest mutations, smallest positions and tokens) and reported with the
/// seed that reproduces it (pass it as <c>seed:</c> to replay).
/// </summary>
public class PolicyParserFuzzTests
{
    private const string YamlAlphabet = "abcxyz_-:{}[],#&*!|>'\"%@`? .0123456789\t\n\r";

    private static readonly string[] Tokens =
    {
        "", "~", "null", "-1", "0", "1e999", ".nan", "-.inf", "[", "]", "{", "}", "'x", "\"", "abc", "1.5", "true",
        "*a", "&a x", "!!str 5", "- x", ": :", "\t", "{ bins: 0 }", "[0.5, 0.5]", "pomdp", "threshold", "logprob",
        "? complex", "|\n  block", "0x1F", "\u2028", "small", "large", "- name: extra",
    };

    private static readonly string[] Insertions = { "\t", ":", ": ", "[", "]", "{", "}", "- ", "#", "\n", "  ", "&x ", "*x", "\"", "'", ",", "---\n", "..." };

    /// <summary>Mostly YAML punctuation and letters, plus control characters, line separators, surrogates and any BMP char.</summary>
    private static readonly Gen<char> TextChar = Gen.Frequency(
        (7, Gen.Int[0, YamlAlphabet.Length - 1].Select(i => YamlAlphabet[i])),
        (1, Gen.Char[(char)0, (char)0x1F]),
        (1, Gen.Int[0, 6].Select(i => "\u0085\u2028\u2029\uFEFF\uD800\uDC00\u00E9"[i])),
        (1, Gen.Char[(char)0x20, (char)0xFFFE]));

    [Fact]
    public void Random_text_never_throws() =>
        TextChar.Array[0, 160].Select(chars => new string(chars)).Sample(Check, iter: 5_000, print: Escape);

    [Fact]
    public void Every_truncation_of_the_samples_never_throws()
    {
        foreach (var name in SamplePolicies)
        {
            var text = SamplePolicy(name);
            var step = Math.Max(1, text.Length / 400);
            for (var length = 0; length <= text.Length; length += step)
            {
                Check(text.Substring(0, length));
            }
        }
    }

    /// <summary>One edit of a policy's lines; the numbers are reduced modulo what they index, so any value is valid and shrinks toward the first line, position and token.</summary>
    private readonly record struct Mutation(int Kind, int Line, int Other, int Choice);

    private static readonly string[] Seeds = SamplePolicies.Select(SamplePolicy).Append(Valid).ToArray();

    /// <summary>A valid policy (a sample or the reference policy) and 1–4 mutations of its lines.</summary>
    private static readonly Gen<string> MutatedPolicy =
        Gen.Select(
            Gen.Int[0, Seeds.Length - 1],
            Gen.Select(Gen.Int[0, 6], Gen.Int[0, 999], Gen.Int[0, 999], Gen.Int[0, 999], (kind, line, other, choice) => new Mutation(kind, line, other, choice)).Array[1, 4],
            (seed, mutations) =>
            {
                var lines = Seeds[seed].Split('\n').ToList();
                foreach (var mutation in mutations)
                {
                    Apply(mutation, lines);
                }

                return string.Join('\n', lines);
            });

    [Fact]
    public void Mutated_policies_never_throw() =>
        // ≥ 10,000 cases per run: the slowest property, about 20 s on the shared 2-core test machine under load.
        MutatedPolicy.Sample(Check, iter: 10_000, print: Escape);

    [Fact]
    public void Deep_nesting_and_alias_bombs_are_harmless()
    {
        // The tree is built without recursion, so nesting depth cannot overflow the stack.
        Check("automix: " + new string('[', 5000) + new string(']', 5000));
        Check("tiers: " + string.Concat(Enumerable.Repeat("{a: ", 2000)) + "1" + new string('}', 2000));
        Check(string.Concat(Enumerable.Range(0, 1000).Select(i => new string(' ', i) + "k:\n")));

        // Aliases share the anchored node instead of copying it: "billion laughs" stays small.
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 30; i++)
        {
            bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        Check(bomb.ToString());
        Check(Valid.Replace("model:\n  states:", "model:\n  states: &s") + "budget: *s\n");
    }

    private static void Apply(Mutation mutation, List<string> lines)
    {
        if (lines.Count <= 1)
        {
            return;
        }

        var index = mutation.Line % lines.Count;
        var line = lines[index];
        switch (mutation.Kind)
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(index, line);
                break;
            case 2:
                var other = mutation.Other % lines.Count;
                (lines[index], lines[other]) = (lines[other], line);
                break;
            case 3:
                lines[index] = mutation.Choice % 2 == 0 ? new string(' ', 1 + (mutation.Other % 4)) + line : line.TrimStart();
                break;
            case 4:
                // Replace the value after the first colon (or the whole line) with a hostile token.
                var colon = line.IndexOf(':');
                var token = Tokens[mutation.Choice % Tokens.Length];
                lines[index] = colon >= 0 ? line.Substring(0, colon + 1) + " " + token : token;
                break;
            case 5:
                var at = mutation.Other % (line.Length + 1);
                lines[index] = line.Insert(at, Insertions[mutation.Choice % Insertions.Length]);
                break;
            default:
                // Replace a numeric character, to hit ranges, sums and lengths rather than syntax.
                var digits = Enumerable.Range(0, line.Length).Where(p => char.IsDigit(line[p])).ToArray();
                if (digits.Length > 0)
                {
                    var position = digits[mutation.Other % digits.Length];
                    lines[index] = line.Substring(0, position) + (char)('0' + (mutation.Choice % 10)) + line.Substring(position + 1);
                }

                break;
        }
    }

    private static void Check(string text)
    {
        PolicyParseResult result;
        try
        {
            result = PolicyParser.Parse(text, "fuzz.automix.yaml");
        }
        catch (Exception exception)
        {
            Assert.Fail($"Parse threw {exception} for input:\n{Escape(text)}");
            return;
        }

        // Messages are built only on failure: escaping every input would dominate the run time.
        if (result.Diagnostics.Any(d => d.Id == "AMX0201"))
        {
            Assert.Fail($"internal error {string.Join(" | ", result.Diagnostics)} for input:\n{Escape(text)}");
        }

        if (result.Document is not null == result.HasErrors)
        {
            Assert.Fail($"document {(result.Document is null ? "missing" : "present")} with diagnostics [{string.Join(" | ", result.Diagnostics)}] for input:\n{Escape(text)}");
        }

        var lineCount = CountLines(text);
        foreach (var diagnostic in result.Diagnostics)
        {
            var span = diagnostic.Span;
            var inside = span.StartLine >= 0 && span.StartLine < lineCount && span.EndLine >= span.StartLine && span.EndLine < lineCount
                && span.StartColumn >= 0 && span.Start >= 0 && span.Length >= 0 && span.Start + span.Length <= text.Length;
            if (!inside)
            {
                Assert.Fail($"span {span} ({span.Start}+{span.Length}) outside the text ({lineCount} lines, {text.Length} chars) for {diagnostic} in:\n{Escape(text)}");
            }
        }
    }

    /// <summary>Lines as Roslyn's SourceText counts them (CR, LF, CRLF, NEL, LS, PS).</summary>
    private static int CountLines(string text)
    {
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                lines++;
            }
        }

        return lines;
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c is '\n' or '\t' || (c >= 0x20 && c < 0x7F) ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }
}
