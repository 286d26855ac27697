using System;
using AutoMix.Policies.Model;
using MathNet.Numerics;

namespace AutoMix.Policies.Observation
{
    /// <summary>
    /// What the runtime observes of one tier's verifier, as a distribution over the tier's bins given the
    /// confidence a recorded run expressed. This is the one definition of the observation that calibration,
    /// the offline replay, the baselines and cross-validation all use, so that what was modelled is what the
    /// runtime sees:
    /// <list type="bullet">
    /// <item><c>logprob</c>: the runtime bins the probability itself, so the bin is <c>BinOf(c)</c> with certainty.</item>
    /// <item><c>self-verification</c> and <c>self-consistency</c>: the runtime bins the share of k sampled
    /// verdicts (or answers) that agree. Each sample agrees with probability c (the recorded p_correct, or the
    /// share of recorded samples equal to the answer, drawn with replacement), so the count is Binomial(k, c)
    /// and the bin is <c>BinOf(j / k)</c> for count j.</item>
    /// </list>
    /// </summary>
    public sealed class ObservationProcess
    {
        private readonly int[] _binOfCount;
        private readonly double[] _lnChoose;

        private ObservationProcess(VerifierSpec verifier)
        {
            Verifier = verifier;
            if (IsSampled)
            {
                var k = verifier.Samples;
                _binOfCount = new int[k + 1];
                _lnChoose = new double[k + 1];
                for (var j = 0; j <= k; j++)
                {
                    _binOfCount[j] = verifier.Binning.BinOf((double)j / k);
                    _lnChoose[j] = SpecialFunctions.BinomialLn(k, j);
                }
            }
            else
            {
                _binOfCount = Array.Empty<int>();
                _lnChoose = Array.Empty<double>();
            }
        }

        public VerifierSpec Verifier { get; }

        public int BinCount => Verifier.Binning.BinCount;

        /// <summary>True when the runtime samples k verdicts or answers and bins their agreeing share.</summary>
        public bool IsSampled => Verifier.Method != VerifierMethod.Logprob;

        public static ObservationProcess For(VerifierSpec verifier) =>
            new ObservationProcess(verifier ?? throw new ArgumentNullException(nameof(verifier)));

        /// <summary>Adds <paramref name="weight"/>·P(bin | confidence) to <paramref name="into"/> for every bin.</summary>
        public void AddBinDistribution(double confidence, double weight, double[] into)
        {
            if (into is null)
            {
                throw new ArgumentNullException(nameof(into));
            }

            if (!IsSampled)
            {
                into[Verifier.Binning.BinOf(confidence)] += weight;
                return;
            }

            var k = Verifier.Samples;
            var c = double.IsNaN(confidence) ? 0 : Math.Min(1, Math.Max(0, confidence));
            if (c == 0 || c == 1)
            {
                into[_binOfCount[c == 0 ? 0 : k]] += weight;
                return;
            }

            var lnC = Math.Log(c);
            var lnNotC = Math.Log(1 - c);
            for (var j = 0; j <= k; j++)
            {
                into[_binOfCount[j]] += weight * Math.Exp(_lnChoose[j] + (j * lnC) + ((k - j) * lnNotC));
            }
        }

        /// <summary>P(bin | confidence) for every bin, as a new array.</summary>
        public double[] BinDistribution(double confidence)
        {
            var result = new double[BinCount];
            AddBinDistribution(confidence, 1, result);
            return result;
        }
    }
}
