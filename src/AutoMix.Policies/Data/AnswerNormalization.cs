using System.Text;

namespace AutoMix.Policies.Data
{
    /// <summary>
    /// How two answers are compared for self-consistency: trim, case-fold (invariant), collapse runs of white
    /// space to one space, and strip trailing punctuation, so "Paris." and " paris" are the same answer. The
    /// runtime's estimator and the calibration of recorded samples use this one rule, so that the share the
    /// runtime observes is the share calibration modelled.
    /// </summary>
    public static class AnswerNormalization
    {
        public static string Normalize(string? answer)
        {
            if (string.IsNullOrEmpty(answer))
            {
                return string.Empty;
            }

            var text = answer!.Trim();
            var end = text.Length;
            while (end > 0 && (char.IsPunctuation(text[end - 1]) || char.IsWhiteSpace(text[end - 1])))
            {
                end--;
            }

            var builder = new StringBuilder(end);
            var pendingSpace = false;
            for (var i = 0; i < end; i++)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(char.ToLowerInvariant(c));
            }

            return builder.ToString();
        }
    }
}
