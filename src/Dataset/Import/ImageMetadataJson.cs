using System.Globalization;
using System.Text.Json;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Import;

/// <summary>The per-image fields Ground Truth has no place for (site, camera, capture time, size, status), written
/// as one object so a re-import restores the image exactly.</summary>
public static class ImageMetadataJson
{
    public static void Write(Utf8JsonWriter writer, DatasetImage image)
    {
        writer.WriteStartObject();
        writer.WriteString("site", image.Site);
        writer.WriteString("camera", image.Camera);
        // Round-trip format: keeps the offset and every tick.
        writer.WriteString("captured_at", image.CapturedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteNumber("size_bytes", image.SizeBytes);
        writer.WriteString("status", image.Status.ToName());
        writer.WriteEndObject();
    }

    /// <summary>The fields present in <paramref name="element"/>; each missing or unreadable one stays null.</summary>
    public static (string? Site, string? Camera, DateTimeOffset? CapturedAt, long? SizeBytes, ImageStatus? Status) Read(JsonElement element)
    {
        DateTimeOffset? capturedAt = DateTimeOffset.TryParseExact(element.Text("captured_at"), "O", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var at) ? at : null;
        long? size = element.Member("size_bytes", JsonValueKind.Number) is { } n && n.TryGetInt64(out var bytes) && bytes >= 0 ? bytes : null;
        ImageStatus? status = ImageStatusNames.TryParse(element.Text("status"), out var s) ? s : null;
        return (element.Text("site"), element.Text("camera"), capturedAt, size, status);
    }
}
