namespace AutoMix.OpenAI;

/// <summary>The AutoMix-specific settings read from <c>ChatOptions.AdditionalProperties</c>.</summary>
/// <param name="ChoiceCount">Number of samples (<c>n</c>); 1 when not requested.</param>
/// <param name="IncludeLogprobs">Whether token log-probabilities were requested.</param>
/// <param name="TopLogprobs">Alternatives per position, when requested.</param>
internal readonly record struct SamplingSettings(int ChoiceCount, bool IncludeLogprobs, int? TopLogprobs);
