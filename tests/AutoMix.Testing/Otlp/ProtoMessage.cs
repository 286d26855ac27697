using System;
using System.Collections.Generic;
using System.Text;

namespace AutoMix.Testing.Otlp;

/// <summary>
/// A protobuf message decoded by wire format only (no schema): field number → values, each a varint, a fixed
/// 64/32-bit word or a byte string. Enough to read OTLP requests by their field numbers in tests.
/// </summary>
public sealed class ProtoMessage
{
    private readonly Dictionary<int, List<object>> _fields = new();

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="FormatException"/> on malformed input.</summary>
    public static ProtoMessage Parse(ReadOnlySpan<byte> bytes)
    {
        var message = new ProtoMessage();
        var position = 0;
        while (position < bytes.Length)
        {
            var key = ReadVarint(bytes, ref position);
            var field = (int)(key >> 3);
            object value = (key & 7) switch
            {
                0 => ReadVarint(bytes, ref position),
                1 => ReadFixed(bytes, ref position, 8),
                2 => ReadBytes(bytes, ref position),
                5 => ReadFixed(bytes, ref position, 4),
                var wire => throw new FormatException($"Unsupported protobuf wire type {wire} for field {field}."),
            };
            if (!message._fields.TryGetValue(field, out var values))
            {
                message._fields[field] = values = new List<object>();
            }

            values.Add(value);
        }

        return message;
    }

    /// <summary>Every embedded message in <paramref name="field"/>.</summary>
    public IEnumerable<ProtoMessage> Messages(int field)
    {
        foreach (var value in Values(field))
        {
            yield return Parse((byte[])value);
        }
    }

    /// <summary>The first embedded message in <paramref name="field"/>, or null.</summary>
    public ProtoMessage? Message(int field) => Values(field).Count > 0 ? Parse((byte[])Values(field)[0]) : null;

    /// <summary>The UTF-8 string in <paramref name="field"/>, or null.</summary>
    public string? String(int field) => Values(field).Count > 0 ? Encoding.UTF8.GetString((byte[])Values(field)[0]) : null;

    /// <summary>The bytes in <paramref name="field"/> as lower-case hex (empty when absent).</summary>
    public string Hex(int field) => Values(field).Count > 0 ? Convert.ToHexStringLower((byte[])Values(field)[0]) : string.Empty;

    /// <summary>The varint or fixed word in <paramref name="field"/>, or null.</summary>
    public ulong? Number(int field) => Values(field).Count > 0 ? (ulong)Values(field)[0] : null;

    /// <summary>Whether <paramref name="field"/> is present.</summary>
    public bool Has(int field) => _fields.ContainsKey(field);

    private IReadOnlyList<object> Values(int field) => _fields.TryGetValue(field, out var values) ? values : Array.Empty<object>();

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new FormatException("Truncated varint.");
            }

            var b = bytes[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("Varint longer than 10 bytes.");
    }

    private static ulong ReadFixed(ReadOnlySpan<byte> bytes, ref int position, int size)
    {
        if (position + size > bytes.Length)
        {
            throw new FormatException("Truncated fixed-size field.");
        }

        ulong result = 0;
        for (var i = size - 1; i >= 0; i--)
        {
            result = (result << 8) | bytes[position + i];
        }

        position += size;
        return result;
    }

    private static byte[] ReadBytes(ReadOnlySpan<byte> bytes, ref int position)
    {
        var length = (int)ReadVarint(bytes, ref position);
        if (length < 0 || position + length > bytes.Length)
        {
            throw new FormatException("Length-delimited field runs past the end.");
        }

        var result = bytes.Slice(position, length).ToArray();
        position += length;
        return result;
    }
}
