using System;
using System.Collections.Generic;
using System.Linq;
using AutoMix.Server.Configuration;

namespace AutoMix.Server.Hosting
{
    /// <summary>The served policies by model id, with the listing used in 404 messages computed once.</summary>
    internal sealed class ServedPolicyCatalog
    {
        private readonly Dictionary<string, ServedPolicy> _byName;

        public ServedPolicyCatalog(IEnumerable<ServedPolicy> policies)
        {
            Policies = policies.ToArray();
            _byName = Policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
            ServedModelList = string.Join(", ", Policies.Select(p => p.Name));
        }

        public IReadOnlyList<ServedPolicy> Policies { get; }

        public string ServedModelList { get; }

        public bool TryGet(string model, out ServedPolicy policy) => _byName.TryGetValue(model, out policy!);
    }
}
