using System.Collections.Generic;

namespace AutoMix.Policies.Diagnostics
{
    /// <summary>
    /// The one catalog of policy diagnostics. IDs are stable: never renumber, only append.
    /// AMX00xx: the policy text; AMX01xx: solving and budgets; AMX02xx: the source generator.
    /// </summary>
    public static class PolicyDiagnosticDescriptors
    {
        /// <summary>The language reference; every ID has a section there, anchored by the lower-case ID (#amx0001).</summary>
        public const string DocumentationPath = "docs/policy-language.md";

        /// <summary>
        /// Where the build and the IDE send a reader of a diagnostic: the reference in the project's repository.
        /// One constant, so a fork or a mirror changes it in one place.
        /// </summary>
        public const string DocumentationUrl = "https://github.com/automix-dotnet/automix/blob/main/" + DocumentationPath;

        private const PolicyDiagnosticSeverity Error = PolicyDiagnosticSeverity.Error;
        private const PolicyDiagnosticSeverity Warning = PolicyDiagnosticSeverity.Warning;
        private const PolicyDiagnosticSeverity Info = PolicyDiagnosticSeverity.Info;

        public static readonly PolicyDiagnosticDescriptor YamlSyntax = new("AMX0001", "YAML syntax error",
            "YAML syntax error: {0}", Error,
            "The file is not valid YAML. Fix the indentation or quoting at the position shown.");

        public static readonly PolicyDiagnosticDescriptor UnknownKey = new("AMX0002", "Unknown key",
            "Unknown key '{0}' in {1}{2}", Error,
            "Only the keys listed in docs/policy-language.md are allowed; a misspelt key would otherwise be ignored silently.");

        public static readonly PolicyDiagnosticDescriptor MissingKey = new("AMX0003", "Missing key",
            "Missing required key '{0}' in {1}", Error,
            "Add the key; docs/policy-language.md lists which keys are required.");

        public static readonly PolicyDiagnosticDescriptor WrongType = new("AMX0004", "Wrong type",
            "'{0}' must be {1}, but found {2}", Error,
            "Write the value with the type docs/policy-language.md gives for the key.");

        public static readonly PolicyDiagnosticDescriptor UnsupportedSchemaVersion = new("AMX0005", "Unsupported schema version",
            "Unsupported schema version '{0}': this compiler reads 'automix: 1'", Error,
            "Set 'automix: 1' at the top of the policy.");

        public static readonly PolicyDiagnosticDescriptor InvalidTierName = new("AMX0006", "Invalid tier name",
            "Tier name '{0}' is not a valid C# identifier: {1}", Error,
            "Tier names become parameter and enum member names; use letters, digits and underscores, starting with a letter.");

        public static readonly PolicyDiagnosticDescriptor DuplicateTierName = new("AMX0007", "Duplicate tier name",
            "Tier name '{0}' is used more than once (first at line {1})", Error,
            "Give every tier a unique name.");

        public static readonly PolicyDiagnosticDescriptor TooFewTiers = new("AMX0008", "Too few tiers",
            "A cascade needs at least two tiers, but {0} defined", Error,
            "List the tiers cheapest first: at least a small and a large model.");

        public static readonly PolicyDiagnosticDescriptor NonPositiveCost = new("AMX0009", "Cost must be positive",
            "'{0}' must be greater than 0, but is {1}", Error,
            "Costs are relative units (the paper uses 1 for the small model and 50 for the large one); they must be positive.");

        public static readonly PolicyDiagnosticDescriptor VerifierOnLastTier = new("AMX0010", "Verifier on the last tier",
            "The last tier '{0}' has a verifier, but its answer is always accepted", Error,
            "Remove the 'verifier' of the last tier; nobody routes beyond it.");

        public static readonly PolicyDiagnosticDescriptor MissingVerifier = new("AMX0011", "Missing verifier",
            "Tier '{0}' is not the last tier and needs a 'verifier' to decide whether to keep its answer", Error,
            "Add 'verifier: {{ method: self-verification, samples: 8 }}' to the tier.");

        public static readonly PolicyDiagnosticDescriptor ObservationRowLength = new("AMX0012", "Observation row of the wrong length",
            "Observation row for tier '{0}' in state '{1}' has {2}, but the tier has {3} ({4}): give one probability per bin, or rerun 'automix calibrate' to rewrite the model", Error,
            "Give one probability per observation bin of the tier (see 'observations'), or recalibrate with 'automix calibrate'.");

        public static readonly PolicyDiagnosticDescriptor ObservationRowSum = new("AMX0013", "Observation row does not sum to 1",
            "Observation row for tier '{0}' in state '{1}' sums to {2}, not 1 (tolerance 1e-6)", Error,
            "The probabilities of all bins of a tier in one state must add up to 1.");

        public static readonly PolicyDiagnosticDescriptor PriorsSum = new("AMX0014", "Priors do not sum to 1",
            "State priors sum to {0}, not 1 (tolerance 1e-6)", Error,
            "The priors of all states must add up to 1.");

        public static readonly PolicyDiagnosticDescriptor PerformanceLength = new("AMX0015", "Performance vector of the wrong length",
            "State '{0}' has {1}, but the policy has {2}", Error,
            "Give one performance value per tier, in tier order.");

        public static readonly PolicyDiagnosticDescriptor PerformanceOutOfRange = new("AMX0016", "Performance outside [0,1]",
            "Performance {0} of state '{1}' is outside [0, 1]", Error,
            "Performance is the score an answer gets, between 0 and 1.");

        public static readonly PolicyDiagnosticDescriptor ThresholdOutOfRange = new("AMX0017", "Threshold outside [0,1]",
            "'{0}' is {1}, outside [0, 1]", Error,
            "Thresholds compare against a confidence between 0 and 1.");

        public static readonly PolicyDiagnosticDescriptor InvalidValue = new("AMX0018", "Invalid value",
            "'{0}' is {1}: {2}", Error,
            "See docs/policy-language.md for the allowed range of the key.");

        public static readonly PolicyDiagnosticDescriptor UnknownEnumValue = new("AMX0019", "Unknown value",
            "'{0}' is not a valid value for '{1}'; expected one of {2}{3}", Error,
            "Use one of the listed values.");

        public static readonly PolicyDiagnosticDescriptor DuplicateKey = new("AMX0020", "Duplicate key",
            "Key '{0}' appears more than once (first at line {1})", Error,
            "Keep one occurrence of the key.");

        public static readonly PolicyDiagnosticDescriptor MissingModel = new("AMX0021", "POMDP router without a model",
            "A 'pomdp' router needs a 'model' section with states and observation probabilities", Error,
            "Run 'automix calibrate' on recorded runs to write the model, or write it by hand.");

        public static readonly PolicyDiagnosticDescriptor UnknownTierReference = new("AMX0022", "Unknown tier reference",
            "'{0}' does not name a verified tier; verified tiers are {1}", Error,
            "Observation rows are keyed by the name of a tier that has a verifier.");

        public static readonly PolicyDiagnosticDescriptor InvalidIdentifier = new("AMX0023", "Invalid identifier",
            "'{0}' is '{1}', which is not a valid C# {2}", Error,
            "The policy name becomes a C# type name and the namespace a C# namespace.");

        public static readonly PolicyDiagnosticDescriptor ProbabilityOutOfRange = new("AMX0024", "Probability outside [0,1]",
            "'{0}' is {1}, outside [0, 1]", Error,
            "Probabilities lie between 0 and 1.");

        public static readonly PolicyDiagnosticDescriptor EmptyDocument = new("AMX0025", "Empty policy",
            "The policy file is empty", Error,
            "Start from one of the samples in policies/.");

        public static readonly PolicyDiagnosticDescriptor MissingObservationRow = new("AMX0026", "Missing observation row",
            "State '{0}' has no observation row for verified tier '{1}'", Error,
            "Every state needs the probability of each bin for every verified tier.");

        public static readonly PolicyDiagnosticDescriptor DuplicateName = new("AMX0027", "Duplicate name",
            "{0} name '{1}' is used more than once (first at line {2})", Error,
            "Hidden states and operating points are referred to by name; give each a unique one.");

        public static readonly PolicyDiagnosticDescriptor TooManyTiers = new("AMX0028", "Too many tiers",
            "The policy has {0} tiers; at most {1} are supported", Error,
            "Every tier multiplies the size of the routing table; cascades rarely need more than three. Remove tiers, or split the cascade.");

        public static readonly PolicyDiagnosticDescriptor NestingTooDeep = new("AMX0029", "Nesting too deep",
            "The YAML is nested more than {0} levels deep here", Error,
            "A policy needs at most a handful of levels; flatten the lists or mappings at this point (a runaway '[' or indentation is the usual cause).");

        public static readonly PolicyDiagnosticDescriptor TableTooLarge = new("AMX0030", "Routing table too large",
            "The routing table{0} would have {1} decision nodes; at most {2:N0} are supported", Error,
            "The table has a node per path of observed bins through the tiers, so it grows as bins^tiers. Use fewer tiers, fewer bins ('observations: { bins: … }'), or a threshold that accepts more bins.");

        public static readonly PolicyDiagnosticDescriptor GeneratedCodeTooLarge = new("AMX0031", "Generated code too large",
            "The generated class would be about {0} characters of C#; at most {1} are supported", Error,
            "The generated class embeds every table and its readable rendering. Use fewer tiers, fewer bins or fewer operating points, or shorter names and descriptions.");

        public static readonly PolicyDiagnosticDescriptor WorstCaseOverBudget = new("AMX0100", "Worst-case cost over budget",
            "The worst-case cost per query of the solved policy is {0}, above budget.max-cost-per-query {1} (path: {2})", Error,
            "Raise the budget, lower tier or verifier costs, or remove a tier from the cascade.");

        public static readonly PolicyDiagnosticDescriptor ExpectedCostOverBudget = new("AMX0101", "Expected cost over budget",
            "The expected cost per query of the solved policy is {0}, above budget.max-expected-cost {1}", Error,
            "Raise the budget, or use 'objective: {{ max-expected-cost: … }}' so the solver picks a cheaper operating point.");

        public static readonly PolicyDiagnosticDescriptor UnreachableTier = new("AMX0102", "Tier never called",
            "Tier '{0}' is never called: {1}", Warning,
            "No node of the solved table runs this tier, so its model is never called. When the table starts at a later tier, "
            + "the first tiers' answers are not worth their cost under the calibrated model: remove them (or recalibrate if the "
            + "recorded runs do not represent your traffic). When no decision routes to a later tier, remove it or change the "
            + "objective (a smaller lambda routes more). The final tier stays the runtime's fallback when an earlier tier fails.");

        public static readonly PolicyDiagnosticDescriptor ObjectiveInfeasible = new("AMX0103", "Objective cannot be met",
            "No policy has an expected cost at most {0}; the cheapest policy (expected cost {1}) is used", Warning,
            "Raise the limit or lower the costs.");

        public static readonly PolicyDiagnosticDescriptor SolverTooLarge = new("AMX0104", "Policy too large to solve",
            "Solving this POMDP would take about {0} steps (at most {1} are allowed: {2} tiers, bins per verified tier {3}, {4} states)", Error,
            "The exact solver follows every path of observed bins through the tiers, so its cost grows as bins^tiers. Use fewer tiers, fewer bins ('observations: { bins: … }' or coarser 'edges'), or a threshold router.");

        public static readonly PolicyDiagnosticDescriptor UnverifiedTier = new("AMX0105", "Tier answers without verification",
            "Tier '{0}' answers without verification: its verifier is never called", Info,
            "Wherever the solved table calls this tier it keeps the answer whatever the verifier would say, so the verifier is "
            + "skipped and its cost saved. Nothing is wrong; it means the verifier does not change a decision under this model. "
            + "If later tiers are never called either (AMX0102), this tier is effectively the last one.");

        public static readonly PolicyDiagnosticDescriptor DuplicatePolicyType = new("AMX0200", "Two policies generate the same type",
            "Policy type '{0}' is generated by both '{1}' and '{2}'", Error,
            "Give each policy a unique 'policy' name or namespace.");

        public static readonly PolicyDiagnosticDescriptor InternalError = new("AMX0201", "Internal error",
            "AutoMix could not process this policy because of an internal error: {0}", Error,
            "This is a bug in AutoMix; please report it with the policy file.");

        /// <summary>The catalog entry with this ID, or null.</summary>
        public static PolicyDiagnosticDescriptor? ById(string id)
        {
            foreach (var descriptor in All)
            {
                if (descriptor.Id == id)
                {
                    return descriptor;
                }
            }

            return null;
        }

        /// <summary>Every descriptor, in ID order; a test keeps this in sync with the fields above.</summary>
        public static IReadOnlyList<PolicyDiagnosticDescriptor> All { get; } = new[]
        {
            YamlSyntax, UnknownKey, MissingKey, WrongType, UnsupportedSchemaVersion, InvalidTierName,
            DuplicateTierName, TooFewTiers, NonPositiveCost, VerifierOnLastTier, MissingVerifier,
            ObservationRowLength, ObservationRowSum, PriorsSum, PerformanceLength, PerformanceOutOfRange,
            ThresholdOutOfRange, InvalidValue, UnknownEnumValue, DuplicateKey, MissingModel,
            UnknownTierReference, InvalidIdentifier, ProbabilityOutOfRange, EmptyDocument, MissingObservationRow,
            DuplicateName, TooManyTiers, NestingTooDeep, TableTooLarge, GeneratedCodeTooLarge,
            WorstCaseOverBudget, ExpectedCostOverBudget, UnreachableTier, ObjectiveInfeasible, SolverTooLarge, UnverifiedTier,
            DuplicatePolicyType, InternalError,
        };
    }
}
