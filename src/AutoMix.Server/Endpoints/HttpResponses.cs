using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AutoMix.Server.Protocol;
using Microsoft.AspNetCore.Http;

namespace AutoMix.Server.Endpoints
{
    /// <summary>Writes JSON bodies and OpenAI-shaped errors straight into the response pipe.</summary>
    internal static class HttpResponses
    {
        public const string JsonContentType = "application/json; charset=utf-8";

        // Relaxed escaping: these are application/json bodies, never HTML, so ' < > & stay readable in curl
        // output instead of \u0027 and \u003C (quotes and control characters are still escaped).
        private static readonly JsonWriterOptions WriterOptions = new()
        {
            SkipValidation = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static Task WriteErrorAsync(HttpContext context, OpenAIError error, CancellationToken cancellationToken)
        {
            context.Response.StatusCode = error.StatusCode;
            return WriteJsonAsync(context, writer => OpenAIJson.WriteError(writer, error), cancellationToken);
        }

        /// <summary>
        /// Writes a whole JSON body with Content-Length: the body is built first so headers and body leave in one
        /// write, with no chunked terminator afterwards (one round trip fewer for the client to wait on).
        /// </summary>
        public static async Task WriteJsonAsync(HttpContext context, System.Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(writer);
                writer.Flush();
            }

            context.Response.ContentType = JsonContentType;
            context.Response.ContentLength = buffer.WrittenCount;
            await context.Response.BodyWriter.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Writes one server-sent event "data: {json}\n\n" and flushes it to the client at once.</summary>
        public static async Task WriteEventAsync(HttpContext context, System.Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
        {
            var body = context.Response.BodyWriter;
            body.Write("data: "u8);
            using (var writer = new Utf8JsonWriter(body, WriterOptions))
            {
                write(writer);
                writer.Flush();
            }

            body.Write("\n\n"u8);
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public static async Task WriteDoneEventAsync(HttpContext context, CancellationToken cancellationToken)
        {
            var body = context.Response.BodyWriter;
            body.Write("data: [DONE]\n\n"u8);
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
