using System;

namespace AutoMix.Evaluation.Replay;

/// <summary>A replayed backend was asked something the recorded runs cannot answer (unknown prompt, missing model run).</summary>
public sealed class RecordedRunReplayException(string message) : InvalidOperationException(message);
