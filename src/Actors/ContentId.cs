using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeLabel.Actors;

/// <summary>The SHA-256 of an image's bytes, lower-case hex: the identity of an image everywhere
/// (spool file name, dedupe key, object key). Validated, so it is always safe inside a path.</summary>
[JsonConverter(typeof(ContentIdJsonConverter))]
public readonly record struct ContentId : IComparable<ContentId>
{
    public string Value { get; }

    private ContentId(string value) => Value = value;

    public static ContentId Of(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(SHA256.HashData(bytes)));

    public static ContentId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"not a content id (64 lower-case hex chars): '{value}'");

    public static bool TryParse(string? value, out ContentId id)
    {
        id = default;
        if (value is not { Length: 64 }) return false;
        foreach (var c in value)
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        id = new ContentId(value);
        return true;
    }

    /// <summary>First 12 hex digits, for logs and progress lines.</summary>
    public string Short => Value[..12];

    public override string ToString() => Value;

    public int CompareTo(ContentId other) => string.CompareOrdinal(Value, other.Value);
}

internal sealed class ContentIdJsonConverter : JsonConverter<ContentId>
{
    public override ContentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ContentId.Parse(reader.GetString() ?? throw new JsonException("content id is null"));

    public override void Write(Utf8JsonWriter writer, ContentId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
