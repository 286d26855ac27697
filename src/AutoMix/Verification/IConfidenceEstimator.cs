using System.Threading;
using System.Threading.Tasks;
using AutoMix.Policies.Model;

namespace AutoMix.Verification;

/// <summary>Scores a tier's answer with a confidence in [0, 1]; one implementation per <see cref="VerifierMethod"/>.</summary>
public interface IConfidenceEstimator
{
    VerifierMethod Method { get; }

    /// <summary>
    /// Runs the verifier of <see cref="VerificationRequest.Tier"/> for its answer. Backend failures propagate;
    /// cancelling <paramref name="cancellationToken"/> cancels every outstanding verifier call.
    /// </summary>
    ValueTask<ConfidenceEstimate> EstimateAsync(VerificationRequest request, CancellationToken cancellationToken);
}
