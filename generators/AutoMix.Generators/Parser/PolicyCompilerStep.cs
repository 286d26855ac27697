using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using AutoMix.Generators.Model;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Compilation;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Generators.Parser
{
    /// <summary>
    /// Runs the shared policy compiler (the same parser and solver the CLI and the runtime use) on one file.
    /// Never throws: a failure becomes AMX0201 at the top of the file.
    /// </summary>
    internal static class PolicyCompilerStep
    {
        /// <summary>
        /// Test-only fault injection: compiling a file whose path is in this set throws, so the AMX0201 path can be
        /// tested. Internal (visible to the test assembly only) and empty outside tests; a set, so tests running in
        /// parallel with different paths do not interfere.
        /// </summary>
        internal static readonly ConcurrentDictionary<string, bool> ThrowForPathsInTests = new(StringComparer.Ordinal);

        public static CompiledPolicy Compile(PolicyInput input, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (input.Text is null)
            {
                return Failed(input, input.ReadError ?? "the file could not be read");
            }

            try
            {
                if (!ThrowForPathsInTests.IsEmpty && ThrowForPathsInTests.ContainsKey(input.Path))
                {
                    throw new InvalidOperationException("fault injected by a test");
                }

                var compilation = PolicyCompiler.Compile(input.Text, input.Path);
                var diagnostics = new List<DiagnosticInfo>(compilation.Diagnostics.Count);
                foreach (var diagnostic in compilation.Diagnostics)
                {
                    diagnostics.Add(DiagnosticInfo.From(diagnostic, input.Path));
                }

                var ns = compilation.Document?.Namespace ?? compilation.Outline?.Namespace ?? input.ConfiguredNamespace;
                return new CompiledPolicy(input.Path, input.DisplayPath, ns, compilation, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception exception)
            {
                return Failed(input, exception.GetType().Name + ": " + exception.Message);
            }
        }

        private static CompiledPolicy Failed(PolicyInput input, string reason)
        {
            var location = new LocationInfo(input.Path, 0, 0, 0, 0, 0, 0);
            var diagnostic = DiagnosticInfo.Create(PolicyDiagnosticDescriptors.InternalError, location, reason);
            return new CompiledPolicy(input.Path, input.DisplayPath, input.ConfiguredNamespace, null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
        }
    }
}
