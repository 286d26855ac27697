using System;
using System.Text;
using System.Threading;
using AutoMix.Generators.Diagnostics;
using AutoMix.Generators.Emitter;
using AutoMix.Generators.Model;
using AutoMix.Generators.Parser;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoMix.Generators
{
    /// <summary>
    /// Turns every AutoMix policy (<c>*.automix.yaml</c> additional file) into a strongly typed cascade class,
    /// with the tables solved at compile time by the shared policy compiler and its diagnostics reported
    /// inside the YAML. Every step's output is value-equatable, so an edit recompiles only the policy edited.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class AutoMixPolicyGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var policies = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, ct) => ReadInput(pair.Left, pair.Right, ct))
                .WithTrackingName(TrackingNames.PolicyInputs)
                .Where(static input => input is not null)
                .Select(static (input, _) => input!)
                .WithTrackingName(TrackingNames.PolicyFiles);

            var compiled = policies
                .Select(static (input, ct) => PolicyCompilerStep.Compile(input, ct))
                .WithTrackingName(TrackingNames.CompiledPolicies);

            var policyDiagnostics = compiled
                .Select(static (policy, _) => policy.Diagnostics)
                .WithTrackingName(TrackingNames.PolicyDiagnostics);
            context.RegisterSourceOutput(policyDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

            var allClaims = compiled
                .Select(static (policy, _) => Claim(policy))
                .WithTrackingName(TrackingNames.TypeClaims)
                .Where(static claim => claim is not null)
                .Collect()
                .Select(static (claims, _) => DuplicateTypes.Order(claims!))
                .WithTrackingName(TrackingNames.AllTypeClaims);

            var duplicateDiagnostics = allClaims
                .Select(static (claims, _) => DuplicateTypes.Diagnostics(claims))
                .WithTrackingName(TrackingNames.DuplicateTypeDiagnostics);
            context.RegisterSourceOutput(duplicateDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

            var suppressed = allClaims
                .Select(static (claims, _) => DuplicateTypes.Suppressed(claims))
                .WithTrackingName(TrackingNames.SuppressedPolicies);

            var emitInputs = compiled
                .Select(static (policy, _) => BuildEmitModel(policy))
                .WithTrackingName(TrackingNames.EmitModels)
                .Combine(suppressed)
                .Select(static (pair, _) => pair.Left.Path is { } path && Contains(pair.Right, path) ? EmitResult.Nothing : pair.Left)
                .WithTrackingName(TrackingNames.EmitInputs);

            context.RegisterSourceOutput(emitInputs, static (spc, model) => Emit(spc, model));
        }

        private static PolicyInput? ReadInput(AdditionalText file, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
        {
            try
            {
                return PolicyInputReader.Read(file, options, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Options or text could not be read: still an input, so the compile step reports AMX0201 with the reason.
                return new PolicyInput(file.Path, PolicyInputReader.DisplayPath(file.Path, null), null, null)
                {
                    ReadError = exception.GetType().Name + ": " + exception.Message,
                };
            }
        }

        private static TypeClaim? Claim(CompiledPolicy policy)
        {
            if (policy.FullTypeName is not { } fullName)
            {
                return null;
            }

            var nameSpan = policy.Compilation!.Document?.PolicyNameSpan ?? policy.Compilation.Outline!.PolicyNameSpan;
            var nameLocation = LocationInfo.From(policy.Path, nameSpan);
            return new TypeClaim(fullName, policy.Path, policy.DisplayPath, nameLocation);
        }

        private static EmitResult BuildEmitModel(CompiledPolicy policy)
        {
            try
            {
                if (PlaceholderModel.From(policy) is { } placeholder)
                {
                    return new EmitResult(null, null) { Placeholder = placeholder };
                }

                return EmitModelBuilder.Build(policy) is { } model ? new EmitResult(model, null) : EmitResult.Nothing;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new EmitResult(null, InternalError(policy.Path, exception));
            }
        }

        private static void Emit(SourceProductionContext context, EmitResult result)
        {
            if (result.Failure is { } failure)
            {
                context.ReportDiagnostic(AutoMixDiagnostics.ToDiagnostic(failure));
            }

            if (result.Placeholder is { } placeholder)
            {
                try
                {
                    context.AddSource(placeholder.HintName, SourceText.From(PlaceholderEmitter.Emit(placeholder), Encoding.UTF8));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    context.ReportDiagnostic(AutoMixDiagnostics.ToDiagnostic(InternalError(placeholder.Path, exception)));
                }

                return;
            }

            if (result.Model is not { } model)
            {
                return;
            }

            try
            {
                context.AddSource(model.HintName, SourceText.From(CascadeEmitter.Emit(model), Encoding.UTF8));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                context.ReportDiagnostic(AutoMixDiagnostics.ToDiagnostic(InternalError(model.Path, exception)));
            }
        }

        private static DiagnosticInfo InternalError(string path, Exception exception) => DiagnosticInfo.Create(
            PolicyDiagnosticDescriptors.InternalError,
            new LocationInfo(path, 0, 0, 0, 0, 0, 0),
            exception.GetType().Name + ": " + exception.Message);

        private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                try
                {
                    context.ReportDiagnostic(AutoMixDiagnostics.ToDiagnostic(diagnostic));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Never lose a diagnostic silently: report it at the top of its file, saying why it could not be placed.
                    context.ReportDiagnostic(AutoMixDiagnostics.ToDiagnostic(InternalError(
                        diagnostic.Location.Path,
                        new InvalidOperationException(diagnostic.Id + " (" + diagnostic.Message + ") could not be reported: " + exception.Message, exception))));
                }
            }
        }

        private static bool Contains(EquatableArray<string> paths, string path)
        {
            foreach (var candidate in paths)
            {
                if (string.Equals(candidate, path, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
