using System.Text;
using AutoMix.Policies.Parsing;
using Xunit;
using static AutoMix.Policies.Tests.Parsing.ParserTestSupport;

namespace AutoMix.Policies.Tests.Parsing;

/// <summary>
/// The parser runs inside the IDE's source generator host, so no input may crash it. Deterministic seeds keep any
/// failure reproducible; the failing input is printed in the assertion message.
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

    [Fact]
    public void Random_text_never_throws()
    {
        var random = new Random(20241121);
        for (var i = 0; i < 3000; i++)
        {
            var length = random.Next(0, 160);
            var builder = new StringBuilder(length);
            for (var j = 0; j < length; j++)
            {
                builder.Append(random.Next(10) switch
                {
                    < 7 => YamlAlphabet[random.Next(YamlAlphabet.Length)],
                    7 => (char)random.Next(0, 0x20),
                    8 => "\u0085\u2028\u2029\uFEFF\uD800\uDC00\u00E9"[random.Next(7)],
                    _ => (char)random.Next(0x20, 0xFFFF),
                });
            }

            Check(builder.ToString());
        }
    }

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

    [Fact]
    public void Mutated_policies_never_throw()
    {
        var random = new Random(7);
        var seeds = SamplePolicies.Select(SamplePolicy).Append(Valid).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var lines = seeds[random.Next(seeds.Length)].Split('\n').ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations && lines.Count > 1; m++)
            {
                Mutate(random, lines);
            }

            Check(string.Join('\n', lines));
        }
    }

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

    private static void Mutate(Random random, List<string> lines)
    {
        var index = random.Next(lines.Count);
        var line = lines[index];
        switch (random.Next(7))
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(index, line);
                break;
            case 2:
                var other = random.Next(lines.Count);
                (lines[index], lines[other]) = (lines[other], line);
                break;
            case 3:
                lines[index] = random.Next(2) == 0 ? new string(' ', random.Next(1, 5)) + line : line.TrimStart();
                break;
            case 4:
                // Replace the value after the first colon (or the whole line) with a random token.
                var colon = line.IndexOf(':');
                var token = Tokens[random.Next(Tokens.Length)];
                lines[index] = colon >= 0 ? line.Substring(0, colon + 1) + " " + token : token;
                break;
            case 5:
                var at = random.Next(line.Length + 1);
                lines[index] = line.Insert(at, Insertions[random.Next(Insertions.Length)]);
                break;
            default:
                // Replace a random numeric character, to hit ranges, sums and lengths rather than syntax.
                var digits = Enumerable.Range(0, line.Length).Where(p => char.IsDigit(line[p])).ToArray();
                if (digits.Length > 0)
                {
                    var position = digits[random.Next(digits.Length)];
                    lines[index] = line.Substring(0, position) + (char)('0' + random.Next(10)) + line.Substring(position + 1);
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
