using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeLabel.GroundTruth.Api;

/// <summary>The JSON 1.1 wire form of the SageMaker API: PascalCase names as declared, nulls omitted, timestamps as
/// epoch seconds (numbers, fractions allowed).</summary>
public static class SageMakerJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"null where a {typeof(T).Name} was expected");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Unknown members (fields AWS adds later) are skipped, as the AWS SDKs do.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>AWS JSON protocol timestamps: seconds since the Unix epoch as a number, millisecond precision.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDecimal() * 1000m));
        // Some AWS-compatible services answer ISO 8601 strings; accept them rather than fail a whole Describe.
        if (reader.TokenType == JsonTokenType.String &&
            DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.ToUniversalTime();
        throw new JsonException($"expected epoch seconds, found {reader.TokenType}");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var ms = value.ToUnixTimeMilliseconds();
        if (ms % 1000 == 0) writer.WriteNumberValue(ms / 1000);
        else writer.WriteNumberValue(ms / 1000m);
    }
}
