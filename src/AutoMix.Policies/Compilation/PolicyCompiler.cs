using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
            var compilation = parsed.Document is null || parsed.HasErrors
                ? new PolicyCompilation(filePath, null, null, EquatableArray<OperatingPoint>.Empty, EquatableArray<FrontierPoint>.Empty, parsed.Diagnostics)
                : Compile(parsed.Document, filePath, parsed.Diagnostics);
            return compilation with { Outline = parsed.Outline };
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
                    // Estimate first: the exact solve grows as bins^tiers, and running it is what must not happen.
                    var steps = CompilationLimits.EstimateSolverSteps(document);
                    if (steps > CompilationLimits.MaxSolverSteps)
                    {
                        var bins = string.Join("/", document.Tiers.Where(t => t.IsVerified).Select(t => t.Verifier!.Binning.BinCount.ToString(CultureInfo.InvariantCulture)));
                        diagnostics.Add(PolicyDiagnosticDescriptors.SolverTooLarge.Create(
                            filePath, document.Tiers[0].Span, steps.ToString("0.#e0", CultureInfo.InvariantCulture), CompilationLimits.MaxSolverSteps.ToString("0e0", CultureInfo.InvariantCulture),
                            document.Tiers.Count, bins, document.Model?.States.Count ?? 0));
                        return Failed(filePath, document, diagnostics);
                    }

                    // Only a cost-limit objective needs the frontier; the others solve their one point directly.
                    if (NeedsFrontier(document))
                    {
                        frontier = new EquatableArray<FrontierPoint>(PomdpSolver.Frontier(document));
                    }

                    primary = Select(DefaultOperatingPointName, document, document.Router.Objective, frontier, document.Router.Span, filePath, diagnostics);
                    foreach (var spec in document.Router.OperatingPoints)
                    {
                        points.Add(Select(spec.Name, document, spec.Objective, frontier, spec.Span, filePath, diagnostics));
                    }
                }
                else
                {
                    // Count first: the tree grows as (routed bins)^tiers, and building it is what must not happen.
                    var nodes = ThresholdTables.CountNodes(document, document.Router.Threshold, document.Router.Band, CompilationLimits.MaxTableNodes);
                    if (nodes > CompilationLimits.MaxTableNodes)
                    {
                        diagnostics.Add(PolicyDiagnosticDescriptors.TableTooLarge.Create(filePath, document.Router.Span, string.Empty, NodeCount(nodes), CompilationLimits.MaxTableNodes));
                        return Failed(filePath, document, diagnostics);
                    }

                    var table = ThresholdTables.Build(document);
                    primary = new OperatingPoint(DefaultOperatingPointName, null, table, PolicyEvaluator.Evaluate(table, document));
                }

                if (!CheckSize(document, primary, points, filePath, diagnostics))
                {
                    return Failed(filePath, document, diagnostics);
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

        private static PolicyCompilation Failed(string filePath, PolicyDocument document, List<PolicyDiagnostic> diagnostics) =>
            new PolicyCompilation(filePath, document, null, EquatableArray<OperatingPoint>.Empty, EquatableArray<FrontierPoint>.Empty, new EquatableArray<PolicyDiagnostic>(diagnostics.ToArray()));

        /// <summary>Tables and the generated class within <see cref="CompilationLimits"/>; false (with a diagnostic) when not.</summary>
        private static bool CheckSize(PolicyDocument document, OperatingPoint primary, List<OperatingPoint> points, string filePath, List<PolicyDiagnostic> diagnostics)
        {
            var all = new List<OperatingPoint> { primary };
            all.AddRange(points);
            foreach (var point in all)
            {
                if (point.Table.NodeCount > CompilationLimits.MaxTableNodes)
                {
                    var where = point.Name == DefaultOperatingPointName ? string.Empty : " of operating point '" + point.Name + "'";
                    diagnostics.Add(PolicyDiagnosticDescriptors.TableTooLarge.Create(filePath, document.Router.Span, where, NodeCount(point.Table.NodeCount), CompilationLimits.MaxTableNodes));
                    return false;
                }
            }

            var size = CompilationLimits.EstimateGeneratedChars(document, all);
            if (size > CompilationLimits.MaxGeneratedChars)
            {
                diagnostics.Add(PolicyDiagnosticDescriptors.GeneratedCodeTooLarge.Create(filePath, document.Router.Span, size.ToString("N0", CultureInfo.InvariantCulture), CompilationLimits.MaxGeneratedChars.ToString("N0", CultureInfo.InvariantCulture)));
                return false;
            }

            return true;
        }

        private static string NodeCount(long nodes) => nodes > CompilationLimits.MaxTableNodes
            ? "more than " + CompilationLimits.MaxTableNodes.ToString("N0", CultureInfo.InvariantCulture)
            : nodes.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>
        /// The λ-frontier of a compiled POMDP policy (for listings and plots): the one the compiler kept, or a fresh
        /// bounded solve. Empty for threshold routers and failed compilations.
        /// </summary>
        public static System.Collections.Generic.IReadOnlyList<FrontierPoint> FrontierOf(PolicyCompilation compilation)
        {
            if (compilation is null)
            {
                throw new ArgumentNullException(nameof(compilation));
            }

            if (compilation.Frontier.Count > 0)
            {
                return compilation.Frontier.ToArray();
            }

            return compilation.Document is { Router.Kind: RouterKind.Pomdp, Model: not null } document && !compilation.HasErrors
                ? PomdpSolver.Frontier(document)
                : Array.Empty<FrontierPoint>();
        }

        private static bool NeedsFrontier(PolicyDocument document)
        {
            if (document.Router.Objective.Kind == ObjectiveKind.MaxExpectedCost)
            {
                return true;
            }

            foreach (var point in document.Router.OperatingPoints)
            {
                if (point.Objective.Kind == ObjectiveKind.MaxExpectedCost)
                {
                    return true;
                }
            }

            return false;
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

        /// <summary>
        /// AMX0102 for every tier no node runs (never called: skipped at the start, or never routed to) and AMX0105
        /// for a verified tier that is called but never verifies (its verifier is never called).
        /// </summary>
        internal static void CheckReachability(PolicyDocument document, PolicyTable table, string filePath, List<PolicyDiagnostic> diagnostics)
        {
            var called = new bool[document.Tiers.Count];
            var verified = new bool[document.Tiers.Count];
            for (var node = 0; node < table.NodeCount; node++)
            {
                called[table.NodeTier[node]] = true;
                verified[table.NodeTier[node]] |= table.Verifies(node);
            }

            var start = table.StartTier;
            for (var tier = 0; tier < called.Length; tier++)
            {
                var spec = document.Tiers[tier];
                if (!called[tier])
                {
                    var reason = tier < start
                        ? "the table starts at tier '" + document.Tiers[start].Name + "'; under this model its answers are not worth their cost"
                        : "no decision of the solved policy routes to it" + VerifiersThatOnlyAccept(table);

                    // The runtime escalates a failed tier to a later tier the table runs, or else to the final tier.
                    if (tier == called.Length - 1)
                    {
                        reason += " (it is called only as the fallback when an earlier tier fails)";
                    }
                    diagnostics.Add(PolicyDiagnosticDescriptors.UnreachableTier.Create(filePath, spec.Span, spec.Name, reason));
                }
                else if (spec.Verifier is { } verifier && !verified[tier])
                {
                    var span = verifier.Span.Equals(SourceSpan.None) ? spec.Span : verifier.Span;
                    diagnostics.Add(PolicyDiagnosticDescriptors.UnverifiedTier.Create(filePath, span, spec.Name));
                }
            }
        }

        /// <summary>
        /// "; the verifier of 'small' still runs although every bin accepts" when a node pays its verifier for nothing
        /// (possible in threshold tables), so AMX0102 does not suggest the dead tier is the only waste.
        /// </summary>
        private static string VerifiersThatOnlyAccept(PolicyTable table)
        {
            var names = new List<string>();
            for (var node = 0; node < table.NodeCount; node++)
            {
                var slots = table.SlotCount(node);
                var onlyAccepts = slots > 0;
                for (var bin = 0; bin < slots && onlyAccepts; bin++)
                {
                    onlyAccepts = table.Next(node, bin) == PolicyTable.AcceptSlot;
                }

                var name = table.Tiers[table.NodeTier[node]].Name;
                if (onlyAccepts && !names.Contains(name))
                {
                    names.Add(name);
                }
            }

            return names.Count == 0
                ? string.Empty
                : "; the verifier of '" + string.Join("', '", names) + "' still runs although every bin accepts";
        }

        private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
