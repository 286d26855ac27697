using System;
using System.Collections.Generic;
using System.Globalization;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using AutoMix.Policies.Model;
using AutoMix.Policies.Parsing;
using AutoMix.Policies.Solving;
using AutoMix.Policies.Tables;

namespace AutoMix.Policies.Compilation
{
    /// <summary>
    /// The one policy compiler: validated document in, solved tables, metrics and diagnostics out.
    /// Never throws: an unexpected failure becomes diagnostic AMX0201.
    /// </summary>
    public static class PolicyCompiler
    {
        public const string DefaultOperatingPointName = "default";

        /// <summary>Parses, validates and solves a policy file's text. Never throws.</summary>
        public static PolicyCompilation Compile(string text, string filePath)
        {
            var parsed = PolicyParser.Parse(text, filePath);
            return parsed.Document is null || parsed.HasErrors
                ? new PolicyCompilation(filePath, null, null, EquatableArray<OperatingPoint>.Empty, EquatableArray<FrontierPoint>.Empty, parsed.Diagnostics)
                : Compile(parsed.Document, filePath, parsed.Diagnostics);
        }

        /// <summary>Solves a validated document and checks its budgets.</summary>
        public static PolicyCompilation Compile(PolicyDocument document, string filePath) =>
            Compile(document, filePath, EquatableArray<PolicyDiagnostic>.Empty);

        private static PolicyCompilation Compile(PolicyDocument document, string filePath, EquatableArray<PolicyDiagnostic> earlier)
        {
            var diagnostics = new List<PolicyDiagnostic>(earlier);
            try
            {
                var frontier = EquatableArray<FrontierPoint>.Empty;
                var points = new List<OperatingPoint>();
                OperatingPoint primary;
                if (document.Router.Kind == RouterKind.Pomdp)
                {
                    frontier = new EquatableArray<FrontierPoint>(PomdpSolver.Frontier(document));
                    primary = Select(DefaultOperatingPointName, document, document.Router.Objective, frontier, document.Router.Span, filePath, diagnostics);
                    foreach (var spec in document.Router.OperatingPoints)
                    {
                        points.Add(Select(spec.Name, document, spec.Objective, frontier, spec.Span, filePath, diagnostics));
                    }
                }
                else
                {
                    var table = ThresholdTables.Build(document);
                    primary = new OperatingPoint(DefaultOperatingPointName, null, table, PolicyEvaluator.Evaluate(table, document));
                }

                CheckBudget(document, primary, filePath, diagnostics);
                foreach (var point in points)
                {
                    CheckBudget(document, point, filePath, diagnostics);
                }

                CheckReachability(document, primary.Table, filePath, diagnostics);
                return new PolicyCompilation(filePath, document, primary, new EquatableArray<OperatingPoint>(points.ToArray()), frontier, new EquatableArray<PolicyDiagnostic>(diagnostics.ToArray()));
            }
            catch (Exception exception)
            {
                diagnostics.Add(PolicyDiagnosticDescriptors.InternalError.Create(filePath, SourceSpan.None, exception.GetType().Name + ": " + exception.Message));
                return new PolicyCompilation(filePath, document, null, EquatableArray<OperatingPoint>.Empty, EquatableArray<FrontierPoint>.Empty, new EquatableArray<PolicyDiagnostic>(diagnostics.ToArray()));
            }
        }

        private static OperatingPoint Select(
            string name, PolicyDocument document, ObjectiveSpec objective, IReadOnlyList<FrontierPoint> frontier,
            SourceSpan span, string filePath, List<PolicyDiagnostic> diagnostics)
        {
            var point = OperatingPointSelector.Select(name, document, objective, frontier, out var infeasible);
            if (infeasible)
            {
                diagnostics.Add(PolicyDiagnosticDescriptors.ObjectiveInfeasible.Create(filePath, span, Format(objective.Value), Format(point.Metrics.ExpectedCost)));
            }

            return point;
        }

        private static void CheckBudget(PolicyDocument document, OperatingPoint point, string filePath, List<PolicyDiagnostic> diagnostics)
        {
            if (document.Budget is not { } budget)
            {
                return;
            }

            var metrics = point.Metrics;
            var where = point.Name == DefaultOperatingPointName ? string.Empty : " (operating point '" + point.Name + "')";
            if (budget.MaxCostPerQuery is { } maxCost && metrics.WorstCaseCost > maxCost + 1e-9)
            {
                diagnostics.Add(PolicyDiagnosticDescriptors.WorstCaseOverBudget.Create(filePath, budget.MaxCostPerQuerySpan, Format(metrics.WorstCaseCost), Format(maxCost), metrics.WorstCasePath + where));
            }

            if (budget.MaxExpectedCost is { } maxExpected && !double.IsNaN(metrics.ExpectedCost) && metrics.ExpectedCost > maxExpected + 1e-9)
            {
                diagnostics.Add(PolicyDiagnosticDescriptors.ExpectedCostOverBudget.Create(filePath, budget.MaxExpectedCostSpan, Format(metrics.ExpectedCost) + where, Format(maxExpected)));
            }
        }

        private static void CheckReachability(PolicyDocument document, PolicyTable table, string filePath, List<PolicyDiagnostic> diagnostics)
        {
            var reached = new bool[document.Tiers.Count];
            foreach (var tier in table.NodeTier)
            {
                reached[tier] = true;
            }

            for (var tier = 0; tier < reached.Length; tier++)
            {
                if (!reached[tier])
                {
                    diagnostics.Add(PolicyDiagnosticDescriptors.UnreachableTier.Create(filePath, document.Tiers[tier].Span, document.Tiers[tier].Name));
                }
            }
        }

        private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
