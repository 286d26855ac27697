using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using AutoMix.Generators.Model;
using AutoMix.Policies.Collections;
using AutoMix.Policies.Diagnostics;

namespace AutoMix.Generators
{
    /// <summary>
    /// Two policies generating the same type: the first in ordinal path order is emitted, every later one
    /// gets AMX0200 at its policy name and is not emitted (two partial declarations would clash member by member).
    /// </summary>
    internal static class DuplicateTypes
    {
        public static EquatableArray<TypeClaim> Order(ImmutableArray<TypeClaim?> claims)
        {
            var list = new List<TypeClaim>(claims.Length);
            foreach (var claim in claims)
            {
                if (claim is not null)
                {
                    list.Add(claim);
                }
            }

            list.Sort(static (a, b) =>
            {
                var byType = string.CompareOrdinal(a.FullTypeName, b.FullTypeName);
                return byType != 0 ? byType : string.CompareOrdinal(a.Path, b.Path);
            });
            return new EquatableArray<TypeClaim>(list.ToArray());
        }

        public static EquatableArray<DiagnosticInfo> Diagnostics(EquatableArray<TypeClaim> ordered)
        {
            var diagnostics = new List<DiagnosticInfo>();
            ForEachDuplicate(ordered, (first, duplicate) => diagnostics.Add(DiagnosticInfo.Create(
                PolicyDiagnosticDescriptors.DuplicatePolicyType, duplicate.NameLocation, duplicate.FullTypeName, first.DisplayPath, duplicate.DisplayPath)));
            return new EquatableArray<DiagnosticInfo>(diagnostics.ToArray());
        }

        public static EquatableArray<string> Suppressed(EquatableArray<TypeClaim> ordered)
        {
            var paths = new List<string>();
            ForEachDuplicate(ordered, (_, duplicate) => paths.Add(duplicate.Path));
            return new EquatableArray<string>(paths.ToArray());
        }

        private static void ForEachDuplicate(EquatableArray<TypeClaim> ordered, Action<TypeClaim, TypeClaim> onDuplicate)
        {
            TypeClaim? first = null;
            foreach (var claim in ordered)
            {
                if (first is not null && string.Equals(first.FullTypeName, claim.FullTypeName, StringComparison.Ordinal))
                {
                    onDuplicate(first, claim);
                    continue;
                }

                first = claim;
            }
        }
    }
}
