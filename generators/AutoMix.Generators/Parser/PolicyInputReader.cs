using System;
using System.Threading;
using AutoMix.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoMix.Generators.Parser
{
    /// <summary>Decides which additional files are policies and reads them with their MSBuild options.</summary>
    internal static class PolicyInputReader
    {
        public const string PolicyExtension = ".automix.yaml";
        public const string PolicyMetadata = "build_metadata.AdditionalFiles.AutoMixPolicy";
        public const string LinkMetadata = "build_metadata.AdditionalFiles.Link";
        public const string NamespaceProperty = "build_property.AutoMixNamespace";
        public const string RootNamespaceProperty = "build_property.RootNamespace";
        public const string ProjectDirProperty = "build_property.ProjectDir";

        /// <summary>
        /// A policy is an additional file marked <c>AutoMixPolicy="true"</c>, or named <c>*.automix.yaml</c> and not
        /// marked <c>AutoMixPolicy="false"</c>. Returns null for every other file (their text is never read).
        /// </summary>
        public static PolicyInput? Read(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
        {
            var fileOptions = options.GetOptions(file);
            fileOptions.TryGetValue(PolicyMetadata, out var marker);
            var marked = string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase);
            var optedOut = string.Equals(marker, "false", StringComparison.OrdinalIgnoreCase);
            var named = file.Path.EndsWith(PolicyExtension, StringComparison.OrdinalIgnoreCase);
            if (!marked && !(named && !optedOut))
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var global = options.GlobalOptions;
            var configured = NonEmpty(global, NamespaceProperty) ?? NonEmpty(global, RootNamespaceProperty);
            var text = file.GetText(cancellationToken)?.ToString();
            var display = NonEmpty(fileOptions, LinkMetadata) is { } link
                ? DisplayPath(link, null)
                : DisplayPath(file.Path, NonEmpty(global, ProjectDirProperty));
            return new PolicyInput(file.Path, display, text, configured);
        }

        /// <summary>
        /// The path written into generated code: relative to the project directory with '/' separators, so the
        /// output is the same on every machine. A linked file is shown by its Link (handled by the caller), any
        /// other file outside the project by its file name only.
        /// </summary>
        public static string DisplayPath(string path, string? projectDirectory)
        {
            var normalized = path.Replace('\\', '/');
            if (!IsAbsolute(normalized))
            {
                return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized.Substring(2) : normalized;
            }

            if (projectDirectory is not null)
            {
                var root = projectDirectory.Replace('\\', '/');
                if (!root.EndsWith("/", StringComparison.Ordinal))
                {
                    root += "/";
                }

                if (normalized.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                {
                    return normalized.Substring(root.Length);
                }
            }

            var slash = normalized.LastIndexOf('/');
            return slash < 0 ? normalized : normalized.Substring(slash + 1);
        }

        private static bool IsAbsolute(string path) =>
            path.StartsWith("/", StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':'); // '/x', '//server', 'C:'

        private static string? NonEmpty(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }
}
