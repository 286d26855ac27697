using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;

namespace AutoMix.Policies.Calibration
{
    /// <summary>
    /// A multinomial logistic model of P(state | confidence) on one feature, the log-odds of the confidence
    /// (Platt scaling generalised to several states): P(k | c) ∝ exp(a_k + b_k·z(c)), z the standardised logit.
    /// The log-odds between any two states is linear, hence monotone, in logit(c); a ridge penalty on the slopes
    /// keeps a state with few rows from getting an extreme slope. The intercepts are (nearly) unpenalised, so the
    /// fitted probabilities average to each state's share of rows. Fitted by Newton's method; deterministic.
    /// </summary>
    internal static class LogisticStateModel
    {
        /// <summary>Confidences are clamped to [Clamp, 1 − Clamp] before taking their log-odds.</summary>
        internal const double Clamp = 1e-3;

        private const double InterceptRidge = 1e-6;
        private const int MaxIterations = 100;

        /// <summary>
        /// [row][state] fitted P(state | confidence of the row). <paramref name="states"/>[i] is the state of row i
        /// (0..<paramref name="stateCount"/>−1); <paramref name="ridge"/> the L2 penalty on the standardised slopes.
        /// </summary>
        public static double[][] Fit(IReadOnlyList<double> confidences, IReadOnlyList<int> states, int stateCount, double ridge)
        {
            if (confidences is null)
            {
                throw new ArgumentNullException(nameof(confidences));
            }

            if (states is null || states.Count != confidences.Count)
            {
                throw new ArgumentException("One state per confidence is needed.", nameof(states));
            }

            var n = confidences.Count;
            var k = stateCount;

            // Every state has its own intercept and slope, so adding a constant to all of them changes nothing: a
            // tiny penalty on each keeps the Newton system regular even when the caller asks for no ridge.
            ridge = Math.Max(ridge, InterceptRidge);
            var z = Standardised(confidences);
            var result = new double[n][];
            if (k == 1)
            {
                for (var i = 0; i < n; i++)
                {
                    result[i] = new[] { 1.0 };
                }

                return result;
            }

            // Parameters: a_0..a_{k−1}, b_0..b_{k−1}. Start from the state shares (b = 0).
            var a = new double[k];
            var b = new double[k];
            var counts = new double[k];
            foreach (var s in states)
            {
                counts[s]++;
            }

            for (var s = 0; s < k; s++)
            {
                a[s] = Math.Log((counts[s] + 0.5) / (n + (0.5 * k)));
            }

            var p = new double[n][];
            for (var i = 0; i < n; i++)
            {
                p[i] = new double[k];
            }

            var previous = double.NegativeInfinity;
            for (var iteration = 0; iteration < MaxIterations; iteration++)
            {
                Probabilities(a, b, z, p);
                var objective = Objective(a, b, z, states, ridge);
                var gradient = Vector<double>.Build.Dense(2 * k);
                var hessian = Matrix<double>.Build.Dense(2 * k, 2 * k);
                for (var i = 0; i < n; i++)
                {
                    for (var s = 0; s < k; s++)
                    {
                        var residual = p[i][s] - (states[i] == s ? 1 : 0);
                        gradient[s] += residual;
                        gradient[k + s] += residual * z[i];
                        for (var t = 0; t < k; t++)
                        {
                            var w = p[i][s] * ((s == t ? 1 : 0) - p[i][t]);
                            hessian[s, t] += w;
                            hessian[s, k + t] += w * z[i];
                            hessian[k + s, t] += w * z[i];
                            hessian[k + s, k + t] += w * z[i] * z[i];
                        }
                    }
                }

                for (var s = 0; s < k; s++)
                {
                    gradient[s] += InterceptRidge * a[s];
                    gradient[k + s] += ridge * b[s];
                    hessian[s, s] += InterceptRidge;
                    hessian[k + s, k + s] += ridge;
                }

                var step = hessian.Solve(gradient);
                // Damped Newton: halve the step until the penalised objective does not get worse.
                var scale = 1.0;
                double[] nextA = new double[k], nextB = new double[k];
                double next;
                do
                {
                    for (var s = 0; s < k; s++)
                    {
                        nextA[s] = a[s] - (scale * step[s]);
                        nextB[s] = b[s] - (scale * step[k + s]);
                    }

                    next = Objective(nextA, nextB, z, states, ridge);
                    scale /= 2;
                }
                while (!(next <= objective + 1e-12) && scale > 1e-6);

                if (!(next <= objective + 1e-12))
                {
                    break;
                }

                a = nextA;
                b = nextB;
                if (Math.Abs(previous - next) < 1e-10 * Math.Max(1, Math.Abs(next)))
                {
                    break;
                }

                previous = next;
            }

            Probabilities(a, b, z, p);
            return p;
        }

        /// <summary>The logit of each clamped confidence, centred and scaled to unit variance (all 0 when constant).</summary>
        internal static double[] Standardised(IReadOnlyList<double> confidences)
        {
            var n = confidences.Count;
            var z = new double[n];
            double mean = 0;
            for (var i = 0; i < n; i++)
            {
                var c = double.IsNaN(confidences[i]) ? 0 : Math.Min(1 - Clamp, Math.Max(Clamp, confidences[i]));
                z[i] = Math.Log(c / (1 - c));
                mean += z[i];
            }

            mean /= Math.Max(1, n);
            double variance = 0;
            for (var i = 0; i < n; i++)
            {
                variance += (z[i] - mean) * (z[i] - mean);
            }

            var deviation = n > 1 ? Math.Sqrt(variance / (n - 1)) : 0;
            for (var i = 0; i < n; i++)
            {
                z[i] = deviation > 1e-12 ? (z[i] - mean) / deviation : 0;
            }

            return z;
        }

        private static void Probabilities(double[] a, double[] b, double[] z, double[][] p)
        {
            var k = a.Length;
            for (var i = 0; i < z.Length; i++)
            {
                var max = double.NegativeInfinity;
                for (var s = 0; s < k; s++)
                {
                    p[i][s] = a[s] + (b[s] * z[i]);
                    max = Math.Max(max, p[i][s]);
                }

                double total = 0;
                for (var s = 0; s < k; s++)
                {
                    p[i][s] = Math.Exp(p[i][s] - max);
                    total += p[i][s];
                }

                for (var s = 0; s < k; s++)
                {
                    p[i][s] /= total;
                }
            }
        }

        /// <summary>Negative log-likelihood plus the ridge penalties.</summary>
        private static double Objective(double[] a, double[] b, double[] z, IReadOnlyList<int> states, double ridge)
        {
            var k = a.Length;
            double total = 0;
            for (var i = 0; i < z.Length; i++)
            {
                var max = double.NegativeInfinity;
                for (var s = 0; s < k; s++)
                {
                    max = Math.Max(max, a[s] + (b[s] * z[i]));
                }

                double sum = 0;
                for (var s = 0; s < k; s++)
                {
                    sum += Math.Exp(a[s] + (b[s] * z[i]) - max);
                }

                total += max + Math.Log(sum) - (a[states[i]] + (b[states[i]] * z[i]));
            }

            for (var s = 0; s < k; s++)
            {
                total += 0.5 * ((InterceptRidge * a[s] * a[s]) + (ridge * b[s] * b[s]));
            }

            return total;
        }
    }
}
