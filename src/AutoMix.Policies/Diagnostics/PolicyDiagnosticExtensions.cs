using System.Collections.Generic;

namespace AutoMix.Policies.Diagnostics
{
    public static class PolicyDiagnosticExtensions
    {
        /// <summary>Whether any diagnostic is an error (warnings and infos do not stop a build).</summary>
        public static bool ContainsErrors(this IEnumerable<PolicyDiagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
