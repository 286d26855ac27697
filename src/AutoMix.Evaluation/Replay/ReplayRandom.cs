using System;
using System.Text;

namespace AutoMix.Evaluation.Replay;

/// <summary>
/// Uniform numbers that depend only on (seed, query, tier, sample index), never on call order, so a replay gives
/// the same verifier samples however many queries run concurrently. FNV-1a over the key, finished with SplitMix64.
/// </summary>
internal static class ReplayRandom
{
    public static double Uniform(int seed, string queryId, string tier, int sampleIndex, string stream)
    {
        var hash = 14695981039346656037UL;
        hash = Mix(hash, seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        hash = Mix(hash, queryId);
        hash = Mix(hash, tier);
        hash = Mix(hash, sampleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        hash = Mix(hash, stream);
        hash = SplitMix(hash);

        // 53 random bits: every double in [0, 1) with the resolution of the mantissa.
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong hash, string part)
    {
        foreach (var b in Encoding.UTF8.GetBytes(part))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        // A separator, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0x1F;
        hash *= 1099511628211UL;
        return hash;
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
