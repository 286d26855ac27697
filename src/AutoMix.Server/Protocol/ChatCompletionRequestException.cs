using System;

namespace AutoMix.Server.Protocol
{
    /// <summary>A request body the server refuses, carrying the exact OpenAI error to send back.</summary>
    internal sealed class ChatCompletionRequestException : Exception
    {
        public ChatCompletionRequestException(OpenAIError error)
            : base(error.Message)
        {
            Error = error;
        }

        public OpenAIError Error { get; }
    }
}
