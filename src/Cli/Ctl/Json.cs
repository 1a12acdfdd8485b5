using System.Text.Json;

namespace EdgeLabel.Cli.Ctl;

/// <summary>Lenient reads from a node's JSON answers: a missing property shows as "-" rather than failing the table.</summary>
internal static class Json
{
    public static JsonElement? At(this JsonElement e, params string[] path)
    {
        var current = e;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next)) return null;
            current = next;
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    public static string? Text(this JsonElement e, params string[] path) => e.At(path) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Array } a => string.Join(",", a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.ToString())),
        var other => other.Value.ToString(),
    };

    public static IEnumerable<JsonElement> Items(this JsonElement e, params string[] path) =>
        e.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static string Bytes(this JsonElement e, params string[] path) =>
        e.At(path) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var bytes)
            ? bytes switch { < 1024 => $"{bytes} B", < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB", < 1L << 30 => $"{bytes / 1048576.0:0.0} MiB", _ => $"{bytes / 1073741824.0:0.00} GiB" }
            : "-";

    public static string Seconds(this JsonElement e, params string[] path) =>
        e.At(path) is { ValueKind: JsonValueKind.Number } n
            ? TimeSpan.FromSeconds(n.GetDouble()) switch { var t when t.TotalHours >= 1 => $"{(int)t.TotalHours}h{t.Minutes:00}m", var t when t.TotalMinutes >= 1 => $"{t.Minutes}m{t.Seconds:00}s", var t => $"{t.TotalSeconds:0}s" }
            : "-";
}
