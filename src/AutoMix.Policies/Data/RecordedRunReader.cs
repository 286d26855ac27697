using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace AutoMix.Policies.Data
{
    /// <summary>
    /// Reads recorded runs (JSON Lines, see shared/data/README.md). A malformed line is reported with its
    /// 1-based line number and skipped; every other line is still read, so one bad record never hides the rest.
    /// Blank lines are ignored.
    /// </summary>
    public static class RecordedRunReader
    {
        /// <summary>Reads a file; throws <see cref="FileNotFoundException"/> naming the full path when it is missing.</summary>
        public static RecordedRunSet ReadFile(string path, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A recorded-run file path is required.", nameof(path));
            }

            var fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException($"Recorded-run file '{fullPath}' does not exist.", fullPath);
            }

            var bytes = File.ReadAllBytes(fullPath);
            string text;
            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException exception)
            {
                throw new InvalidDataException($"Recorded-run file '{fullPath}' is not valid UTF-8: {exception.Message}", exception);
            }

            // A byte-order mark is not part of the first record.
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            return Parse(text, path, Sha256Hex(bytes), cancellationToken);
        }

        /// <summary>Reads from a reader; the hash is over the UTF-8 bytes of the text read.</summary>
        public static RecordedRunSet Read(TextReader reader, string sourceName, CancellationToken cancellationToken = default)
        {
            if (reader is null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            var text = reader.ReadToEnd();
            return Parse(text, sourceName, Sha256Hex(Encoding.UTF8.GetBytes(text)), cancellationToken);
        }

        private static RecordedRunSet Parse(string text, string sourceName, string hash, CancellationToken cancellationToken)
        {
            var queries = new List<RecordedQuery>();
            var errors = new List<RecordedLineError>();
            using (var lines = new StringReader(text))
            {
                var lineNumber = 0;
                string? line;
                while ((line = lines.ReadLine()) is not null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lineNumber++;
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }

                    try
                    {
                        queries.Add(ParseLine(line, lineNumber));
                    }
                    catch (JsonException exception)
                    {
                        errors.Add(new RecordedLineError(lineNumber, "malformed JSON: " + exception.Message));
                    }
                    catch (RecordFormatException exception)
                    {
                        errors.Add(new RecordedLineError(lineNumber, exception.Message));
                    }
                }
            }

            return new RecordedRunSet(sourceName, queries, errors, hash);
        }

        private static RecordedQuery ParseLine(string line, int lineNumber)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RecordFormatException("expected a JSON object, found " + root.ValueKind.ToString().ToLowerInvariant());
            }

            var id = RequiredString(root, "id", "record");
            var task = OptionalString(root, "task", id) ?? string.Empty;
            var split = OptionalString(root, "split", id);
            var prompt = OptionalString(root, "prompt", id) ?? string.Empty;
            var gold = OptionalString(root, "gold", id);
            if (!root.TryGetProperty("runs", out var runsElement) || runsElement.ValueKind == JsonValueKind.Null)
            {
                throw new RecordFormatException($"record '{id}' has no 'runs' object");
            }

            if (runsElement.ValueKind != JsonValueKind.Object)
            {
                throw new RecordFormatException($"record '{id}': 'runs' must be an object keyed by model name");
            }

            var runs = new Dictionary<string, RecordedRun>(StringComparer.Ordinal);
            foreach (var property in runsElement.EnumerateObject())
            {
                runs[property.Name] = ParseRun(property.Value, id + "/" + property.Name);
            }

            if (runs.Count == 0)
            {
                throw new RecordFormatException($"record '{id}' has an empty 'runs' object");
            }

            return new RecordedQuery(id, task, split, prompt, gold, runs, lineNumber);
        }

        private static RecordedRun ParseRun(JsonElement run, string where)
        {
            if (run.ValueKind != JsonValueKind.Object)
            {
                throw new RecordFormatException($"run '{where}' must be an object");
            }

            // Answers are normally strings; tolerate a bare number (numeric tasks) by keeping its JSON text.
            string answer;
            if (!run.TryGetProperty("answer", out var answerElement) || answerElement.ValueKind == JsonValueKind.Null)
            {
                answer = string.Empty;
            }
            else
            {
                answer = answerElement.ValueKind == JsonValueKind.String ? answerElement.GetString()! : answerElement.GetRawText();
            }

            var score = OptionalNumber(run, "score", where) ?? throw new RecordFormatException($"run '{where}' has no 'score'");
            if (!(score >= 0 && score <= 1))
            {
                throw new RecordFormatException($"run '{where}': score {Format(score)} is outside [0, 1]");
            }

            var cost = OptionalNumber(run, "cost_usd", where);
            if (cost < 0)
            {
                throw new RecordFormatException($"run '{where}': cost_usd {Format(cost.Value)} is negative");
            }

            var latency = OptionalNumber(run, "latency_ms", where);
            var tokensIn = OptionalNumber(run, "tokens_in", where);
            var tokensOut = OptionalNumber(run, "tokens_out", where);
            if (!run.TryGetProperty("verifier", out var verifier) || verifier.ValueKind != JsonValueKind.Object)
            {
                throw new RecordFormatException($"run '{where}' has no 'verifier' object");
            }

            var kind = RequiredString(verifier, "kind", "verifier of run '" + where + "'");
            var pCorrect = OptionalNumber(verifier, "p_correct", where + " verifier");
            if (pCorrect is { } p && !(p >= 0 && p <= 1))
            {
                throw new RecordFormatException($"run '{where}': p_correct {Format(p)} is outside [0, 1]");
            }

            List<string>? samples = null;
            if (verifier.TryGetProperty("samples", out var samplesElement) && samplesElement.ValueKind != JsonValueKind.Null)
            {
                if (samplesElement.ValueKind != JsonValueKind.Array)
                {
                    throw new RecordFormatException($"run '{where}': 'samples' must be an array");
                }

                samples = new List<string>();
                foreach (var sample in samplesElement.EnumerateArray())
                {
                    samples.Add(sample.ValueKind switch
                    {
                        JsonValueKind.String => sample.GetString()!,
                        JsonValueKind.Null => string.Empty,
                        _ => sample.GetRawText(),
                    });
                }
            }

            return new RecordedRun(answer, score, cost, latency, ToInt(tokensIn), ToInt(tokensOut), new RecordedVerifierSignal(kind, pCorrect, samples));
        }

        private static int? ToInt(double? value) => value is { } v ? (int)Math.Round(v) : (int?)null;

        private static string RequiredString(JsonElement element, string name, string where) =>
            OptionalString(element, name, where) ?? throw new RecordFormatException($"{where} has no '{name}' string");

        private static string? OptionalString(JsonElement element, string name, string where)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new RecordFormatException($"'{name}' of {where} must be a string, found {value.ValueKind.ToString().ToLowerInvariant()}");
        }

        private static double? OptionalNumber(JsonElement element, string name, string where)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number
                ? value.GetDouble()
                : throw new RecordFormatException($"'{name}' of {where} must be a number, found {value.ValueKind.ToString().ToLowerInvariant()}");
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string Sha256Hex(byte[] bytes)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(bytes);
            var builder = new StringBuilder(hash.Length * 2);
            foreach (var b in hash)
            {
                builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        /// <summary>A record that is valid JSON but not a valid recorded query; becomes a line error.</summary>
        private sealed class RecordFormatException : Exception
        {
            public RecordFormatException(string message)
                : base(message)
            {
            }
        }
    }
}
