using System.Text.Json;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Tolerant field access for the JSON truth readers: numbers may be written as ints or floats.</summary>
internal static class JsonFields
{
    public static bool TryNumber(JsonElement obj, string name, out double value)
    {
        value = 0;
        return obj.ValueKind == JsonValueKind.Object
               && obj.TryGetProperty(name, out var p)
               && p.ValueKind == JsonValueKind.Number
               && p.TryGetDouble(out value)
               && double.IsFinite(value);
    }

    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()
            : null;

    public static JsonElement? Array(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p
            : null;

    /// <summary>The items of an optional array property; none when it is missing or not an array.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement obj, string name) =>
        Array(obj, name) is { } array ? array.EnumerateArray() : [];

    /// <summary>An id as a dictionary key, whether the file wrote it as a number or a string.</summary>
    public static string? IdKey(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.Number => p.GetRawText(),
                JsonValueKind.String => p.GetString(),
                _ => null,
            }
            : null;
}
