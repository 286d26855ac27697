using Microsoft.Extensions.AI;

namespace AutoMix.Verification;

/// <summary>k sampled replies and the summed usage of the calls that produced them.</summary>
internal readonly record struct SampleBatch(string[] Texts, UsageDetails? Usage);
