using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AutoMix.Policies.Calibration;
using AutoMix.Policies.Data;
using AutoMix.Policies.Evaluation;
using AutoMix.Policies.Model;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Selection
{
    /// <summary>
    /// Chooses how to calibrate and where to operate by what generalizes, not by what the calibrated model
    /// promises. With a few hundred training rows, the λ that maximises IBC under the model is fragile; so the rows
    /// are split into K folds (repeated with different shuffles), and for every candidate
    /// <list type="bullet">
    /// <item>a binning (for verifiers that leave it to calibration) and a calibration setting (smoothing and its
    /// strength) combined with a λ relative to the fold model's own best IBC (λ = f·IBC*, f &lt; 1 buys more
    /// quality than max-IBC; relative, because the absolute λ of a boundary moves between folds),</item>
    /// <item>a calibration setting combined with the max-IBC point under that fold's model,</item>
    /// <item>a single-threshold table (itself a POMDP table: one that is monotone in the bin),</item>
    /// </list>
    /// the model is calibrated on K−1 folds, the table solved and replayed exactly (the runtime's observation
    /// process, in expectation) on the held-out fold. Held-out score and cost are pooled over every fold and
    /// repeat, and the candidate with the best pooled ΔIBC wins (ties: the cheaper). Deterministic: the shuffles are
    /// seeded and every step is exact.
    /// </summary>
    public static class CrossValidatedSelection
    {
        public static SelectionReport Select(
            PolicyDocument policy,
            IReadOnlyList<RecordedQuery> rows,
            IReadOnlyDictionary<string, string> tierToModel,
            SelectionOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            options ??= SelectionOptions.Default;
            options.Validate();
            if (policy.Tiers.Count < 2 || policy.Tiers[0].Verifier is null)
            {
                throw new ArgumentException($"Policy '{policy.PolicyName}' needs at least two tiers and a verified first tier to choose an operating point.", nameof(policy));
            }

            var all = ReplayRows.From(policy, rows, tierToModel, cancellationToken);
            var n = all.Count;
            var folds = Math.Min(options.Folds, n);
            if (folds < 2)
            {
                throw new InvalidOperationException($"Cross-validation needs at least 2 rows with a run of every mapped model; there are {n}.");
            }

            var lambdas = options.LambdaFactors;
            var calibrations = options.Calibrations;
            var binnings = BinningChoice.Candidates(policy, options);
            var pomdp = new Accumulator[binnings.Count, calibrations.Count, lambdas.Count];
            var modelMaxIbc = new Accumulator[binnings.Count, calibrations.Count];
            var rowScore = new double[n];
            var rowCost = new double[n];
            // Threshold j of a binning accepts its bins j and above (the last index: never accept); with quantile
            // bins, j is a quantile level, so the same candidate means the same thing in every fold.
            var thresholds = ThresholdTables.AllSingleThresholds(policy);
            var thresholdCount = new int[binnings.Count];
            for (var b = 0; b < binnings.Count; b++)
            {
                thresholdCount[b] = binnings[b].IsPolicyBinning ? thresholds.Count : binnings[b].QuantileBins + 1;
            }

            var thresholdTotals = new Accumulator[binnings.Count, thresholdCount.Max()];
            foreach (var accumulators in new Array[] { pomdp, modelMaxIbc, thresholdTotals })
            {
                Accumulator.Fill(accumulators, n);
            }

            var smallRow = new double[n];
            var largeRow = new double[n];
            double smallScore = 0, largeScore = 0, heldRows = 0;
            var last = policy.Tiers.Count - 1;

            for (var repeat = 0; repeat < options.Repeats; repeat++)
            {
                var order = Shuffle(n, options.Seed + repeat);
                for (var fold = 0; fold < folds; fold++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var heldIndices = new List<int>();
                    var heldQueries = new List<RecordedQuery>();
                    var trainQueries = new List<RecordedQuery>();
                    for (var i = 0; i < n; i++)
                    {
                        if (i % folds == fold)
                        {
                            heldIndices.Add(order[i]);
                            heldQueries.Add(all.Queries[order[i]]);
                        }
                        else
                        {
                            trainQueries.Add(all.Queries[order[i]]);
                        }
                    }

                    var held = all.Subset(heldIndices);
                    heldRows += held.Count;
                    for (var i = 0; i < held.Count; i++)
                    {
                        smallScore += held.Score(i, 0);
                        largeScore += held.Score(i, last);
                        smallRow[heldIndices[i]] += held.Score(i, 0);
                        largeRow[heldIndices[i]] += held.Score(i, last);
                    }

                    for (var b = 0; b < binnings.Count; b++)
                    {
                        // Bins chosen from the training part only, as calibration will choose them from every row.
                        var binned = binnings[b].Apply(policy, trainQueries, tierToModel);
                        var heldBinned = b == 0 ? held : ReplayRows.From(binned, heldQueries, tierToModel, cancellationToken);
                        var tiers = TableTiers.From(binned);
                        var foldThresholds = b == 0 ? thresholds : ThresholdTables.AllSingleThresholds(binned);
                        for (var t = 0; t < thresholdCount[b]; t++)
                        {
                            // Tied confidences can merge quantile bins in a fold: the nearest candidate stands in.
                            thresholdTotals[b, t].Add(foldThresholds[Math.Min(t, foldThresholds.Count - 1)].Table, heldBinned, heldIndices);
                        }

                        for (var c = 0; c < calibrations.Count; c++)
                        {
                            var calibrated = binned with
                            {
                                Model = ObservationModelCalibrator.Calibrate(binned, trainQueries, tierToModel, calibrations[c], cancellationToken).Model,
                            };
                            var model = SolverModel.From(calibrated);
                            var (maxIbc, ibcStar) = PomdpSolver.MaxIbcWithRatio(calibrated, "cv");
                            PolicyTable? previous = null;
                            for (var l = 0; l < lambdas.Count; l++)
                            {
                                // λ relative to the model's own best IBC: below it the table buys more quality than max-IBC.
                                var table = ibcStar is { } ratio ? PomdpSolver.Solve(model, tiers, lambdas[l] * ratio) : maxIbc.Table;
                                if (previous is null || !previous.Equals(table))
                                {
                                    previous = table;
                                    Array.Clear(rowScore, 0, n);
                                    Array.Clear(rowCost, 0, n);
                                    OfflineEvaluator.AddRowTotals(table, heldBinned, heldIndices, rowScore, rowCost);
                                }

                                pomdp[b, c, l].Add(rowScore, rowCost, heldIndices);
                            }

                            modelMaxIbc[b, c].Add(maxIbc.Table, heldBinned, heldIndices);
                        }
                    }
                }
            }

            var small = new CostQuality(smallScore / heldRows, policy.Tiers[0].Cost);
            var large = new CostQuality(largeScore / heldRows, policy.Tiers[last].Cost);
            var candidates = new List<SelectionCandidate>();
            var outcomes = new List<Accumulator>();
            SelectionCandidate Candidate(RouterSelectionKind kind, BinningChoice binning, CalibrationOptions? calibration, double value, bool modelMaxIbc, Accumulator totals)
            {
                outcomes.Add(totals);
                return CrossValidatedSelection.Candidate(kind, binning, calibration, value, modelMaxIbc, totals, heldRows, small, large);
            }

            for (var b = 0; b < binnings.Count; b++)
            {
                for (var t = 0; t < thresholdCount[b]; t++)
                {
                    // Policy bins: the threshold value; quantile bins: the index j (resolved on the final bins).
                    candidates.Add(Candidate(RouterSelectionKind.Threshold, binnings[b], null, b == 0 ? thresholds[t].Threshold : t, false, thresholdTotals[b, t]));
                }

                for (var c = 0; c < calibrations.Count; c++)
                {
                    candidates.Add(Candidate(RouterSelectionKind.Pomdp, binnings[b], calibrations[c], double.NaN, true, modelMaxIbc[b, c]));
                    for (var l = 0; l < lambdas.Count; l++)
                    {
                        candidates.Add(Candidate(RouterSelectionKind.Pomdp, binnings[b], calibrations[c], lambdas[l], false, pomdp[b, c, l]));
                    }
                }
            }

            var best = -1;
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                if (!candidate.DeltaIbc.IsDefined)
                {
                    continue;
                }

                if (best < 0
                    || candidate.DeltaIbc.Value > candidates[best].DeltaIbc.Value + 1e-9
                    || (Math.Abs(candidate.DeltaIbc.Value - candidates[best].DeltaIbc.Value) <= 1e-9 && candidate.HeldOut.Cost < candidates[best].HeldOut.Cost))
                {
                    best = i;
                }
            }

            // Nothing beats always-first on held-out rows with a defined ΔIBC: keep the model's own max-IBC point.
            if (best < 0)
            {
                best = candidates.FindIndex(c => c.ModelMaxIbc);
            }

            var errors = StandardErrors(outcomes, best, smallRow, largeRow, options.Repeats, policy.Tiers[0].Cost, policy.Tiers[last].Cost, options.BootstrapSamples, options.Seed);
            candidates = candidates.Select((c, i) => c with { StandardError = errors[i] }).ToList();
            return new SelectionReport(candidates[best], candidates, folds, options.Repeats, n, small, large);
        }

        /// <summary>
        /// For every candidate, the standard error of its held-out ΔIBC minus the best candidate's, by a paired
        /// bootstrap over the rows (every row was held out once per repeat, so each row carries every candidate's
        /// held-out outcome): resampling rows moves all candidates together, so the error measures how much the
        /// ranking, not each score, depends on which rows happened to be drawn. NaN when undefined.
        /// </summary>
        private static double[] StandardErrors(IReadOnlyList<Accumulator> outcomes, int best, double[] smallRow, double[] largeRow, int repeats, double smallCost, double largeCost, int samples, int seed)
        {
            var count = outcomes.Count;
            var n = smallRow.Length;
            var sum = new double[count];
            var sumSquares = new double[count];
            var defined = new int[count];
            var random = new Random(seed);
            var weights = new double[n];
            var values = new double[count];
            for (var sample = 0; sample < samples; sample++)
            {
                Array.Clear(weights, 0, n);
                for (var i = 0; i < n; i++)
                {
                    weights[random.Next(n)]++;
                }

                double rows = 0, smallScore = 0, largeScore = 0;
                for (var i = 0; i < n; i++)
                {
                    rows += weights[i] * repeats;
                    smallScore += weights[i] * smallRow[i];
                    largeScore += weights[i] * largeRow[i];
                }

                var small = new CostQuality(smallScore / rows, smallCost);
                var large = new CostQuality(largeScore / rows, largeCost);
                for (var c = 0; c < count; c++)
                {
                    double score = 0, cost = 0;
                    var rowScore = outcomes[c].RowScore;
                    var rowCost = outcomes[c].RowCost;
                    for (var i = 0; i < n; i++)
                    {
                        score += weights[i] * rowScore[i];
                        cost += weights[i] * rowCost[i];
                    }

                    values[c] = DeltaIbc.Of(new CostQuality(score / rows, cost / rows), small, large).Value;
                }

                for (var c = 0; c < count; c++)
                {
                    var difference = values[c] - values[best];
                    if (!double.IsNaN(difference))
                    {
                        sum[c] += difference;
                        sumSquares[c] += difference * difference;
                        defined[c]++;
                    }
                }
            }

            var result = new double[count];
            for (var c = 0; c < count; c++)
            {
                result[c] = defined[c] > 1 ? Math.Sqrt(Math.Max(0, (sumSquares[c] - (sum[c] * sum[c] / defined[c])) / (defined[c] - 1))) : double.NaN;
            }

            return result;
        }

        /// <summary>
        /// The selection to record in the calibrated policy (model.selection) for the chosen candidate: its λ or
        /// threshold, and a one-line account of the cross-validation. For "max-IBC under the model", the λ that
        /// point has under <paramref name="calibrated"/> (the model fitted on every row); null when that point is
        /// "always the first tier" (nothing to record: the build finds the same point).
        /// </summary>
        public static RouterSelection? ToRouterSelection(SelectionReport report, PolicyDocument calibrated)
        {
            if (report is null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            if (calibrated?.Model is null)
            {
                throw new ArgumentException("The policy needs its calibrated model.", nameof(calibrated));
            }

            var chosen = report.Chosen;
            var value = chosen.Value;
            if (chosen.Kind == RouterSelectionKind.Threshold && !chosen.Binning.IsPolicyBinning)
            {
                var final = ThresholdTables.AllSingleThresholds(calibrated);
                value = final[Math.Min((int)chosen.Value, final.Count - 1)].Threshold;
            }
            else if (chosen.Kind == RouterSelectionKind.Pomdp)
            {
                var (maxIbc, ibcStar) = PomdpSolver.MaxIbcWithRatio(calibrated, "selection");
                var lambda = chosen.ModelMaxIbc ? maxIbc.Lambda : chosen.Value * ibcStar;
                if (lambda is null)
                {
                    return null;
                }

                value = lambda.Value;
            }

            return new RouterSelection(chosen.Kind, value, Account(report), Diagnostics.SourceSpan.None);
        }

        /// <summary>"5-fold cross-validation x3 on 300 rows; held-out dIBC 123.4 for …; best threshold: …; …".</summary>
        public static string Account(SelectionReport report)
        {
            if (report is null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            string Score(SelectionCandidate c) => c.DeltaIbc.IsDefined ? c.DeltaIbc.Value.ToString("0.0", CultureInfo.InvariantCulture) : "undefined";
            var parts = new List<string>
            {
                $"{report.Folds}-fold cross-validation x{report.Repeats} on {report.Rows} rows; held-out dIBC {Score(report.Chosen)} for {report.Chosen}",
            };
            var bestThreshold = Best(report.Candidates, c => c.Kind == RouterSelectionKind.Threshold);
            if (bestThreshold is not null)
            {
                parts.Add($"best threshold: {Score(bestThreshold)} ({bestThreshold})");
            }

            var bestModel = Best(report.Candidates, c => c.ModelMaxIbc);
            if (bestModel is not null)
            {
                parts.Add($"best max-ibc under the model: {Score(bestModel)} ({bestModel})");
            }

            return string.Join("; ", parts);
        }

        /// <summary>The candidate with the best defined held-out ΔIBC among those matching, or null.</summary>
        public static SelectionCandidate? Best(IEnumerable<SelectionCandidate> candidates, Func<SelectionCandidate, bool> filter)
        {
            SelectionCandidate? best = null;
            foreach (var candidate in candidates)
            {
                if (filter(candidate) && candidate.DeltaIbc.IsDefined && (best is null || candidate.DeltaIbc.Value > best.DeltaIbc.Value + 1e-9))
                {
                    best = candidate;
                }
            }

            return best;
        }

        /// <summary>A seeded Fisher–Yates permutation of 0..n−1 (System.Random with a seed is stable across platforms).</summary>
        private static int[] Shuffle(int n, int seed)
        {
            var random = new Random(seed);
            var order = Enumerable.Range(0, n).ToArray();
            for (var i = n - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            return order;
        }

        private static SelectionCandidate Candidate(
            RouterSelectionKind kind, BinningChoice binning, CalibrationOptions? calibration, double value, bool modelMaxIbc, Accumulator totals, double rows, CostQuality small, CostQuality large)
        {
            var point = new CostQuality(totals.Score / rows, totals.Cost / rows);
            return new SelectionCandidate(kind, binning, calibration, value, modelMaxIbc, point, DeltaIbc.Of(point, small, large));
        }

        /// <summary>Summed held-out score and cost of one candidate, in total and per row (over the repeats).</summary>
        private sealed class Accumulator
        {
            public Accumulator(int rows)
            {
                RowScore = new double[rows];
                RowCost = new double[rows];
            }

            public double Score { get; private set; }

            public double Cost { get; private set; }

            public double[] RowScore { get; }

            public double[] RowCost { get; }

            public static void Fill(Array accumulators, int rows)
            {
                var index = new int[accumulators.Rank];
                Fill(accumulators, rows, index, 0);
            }

            private static void Fill(Array accumulators, int rows, int[] index, int dimension)
            {
                for (index[dimension] = 0; index[dimension] < accumulators.GetLength(dimension); index[dimension]++)
                {
                    if (dimension + 1 < accumulators.Rank)
                    {
                        Fill(accumulators, rows, index, dimension + 1);
                    }
                    else
                    {
                        accumulators.SetValue(new Accumulator(rows), index);
                    }
                }
            }

            public void Add(PolicyTable table, ReplayRows held, IReadOnlyList<int> ids)
            {
                var score = new double[held.Count];
                var cost = new double[held.Count];
                OfflineEvaluator.AddRowTotals(table, held, Identity(held.Count), score, cost);
                for (var i = 0; i < held.Count; i++)
                {
                    RowScore[ids[i]] += score[i];
                    RowCost[ids[i]] += cost[i];
                    Score += score[i];
                    Cost += cost[i];
                }
            }

            private static int[] Identity(int count)
            {
                var result = new int[count];
                for (var i = 0; i < count; i++)
                {
                    result[i] = i;
                }

                return result;
            }

            /// <summary>Adds the rows <paramref name="ids"/> of full-size per-row outcomes.</summary>
            public void Add(double[] rowScore, double[] rowCost, IReadOnlyList<int> ids)
            {
                foreach (var id in ids)
                {
                    RowScore[id] += rowScore[id];
                    RowCost[id] += rowCost[id];
                    Score += rowScore[id];
                    Cost += rowCost[id];
                }
            }
        }

        /// <summary>"laplace 1", "kde silverman", "kde 0.05": a calibration setting as text.</summary>
        public static string Describe(CalibrationOptions options)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            return options.Smoothing == ObservationSmoothing.Laplace
                ? "laplace " + options.Alpha.ToString("0.###", CultureInfo.InvariantCulture)
                : options.Smoothing == ObservationSmoothing.Logistic
                ? "logistic " + options.Ridge.ToString("0.###", CultureInfo.InvariantCulture)
                : "kde " + (options.Bandwidth?.ToString("0.###", CultureInfo.InvariantCulture) ?? "silverman");
        }
    }
}
