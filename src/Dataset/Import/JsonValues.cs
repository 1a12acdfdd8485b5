using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace EdgeLabel.Dataset.Import;

/// <summary>Lenient lookups on parsed manifest JSON: a missing key and a key of the wrong kind both read as absent.</summary>
internal static class JsonValues
{
    public static JsonElement? Member(this JsonElement element, string name, JsonValueKind kind)
    {
        if (element.ValueKind is not JsonValueKind.Object || !element.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == kind ? value : null;
    }

    public static string? Text(this JsonElement element, string name) => element.Member(name, JsonValueKind.String)?.GetString();

    /// <summary>A finite number, whether written as an integer or with a fraction.</summary>
    public static bool TryFinite(this JsonElement element, string name, out double number)
    {
        number = 0;
        return element.Member(name, JsonValueKind.Number) is { } value && value.TryGetDouble(out number) && double.IsFinite(number);
    }

    public static bool TryObject(this JsonElement element, string name, [NotNullWhen(true)] out JsonElement? value)
    {
        value = element.Member(name, JsonValueKind.Object);
        return value is not null;
    }
}
