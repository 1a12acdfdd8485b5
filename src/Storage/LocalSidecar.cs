using System.Text.Json;

namespace EdgeLabel.Storage;

/// <summary>The <c>.meta.json</c> file stored beside each object of a <see cref="LocalDirectoryObjectStore"/>.</summary>
/// <remarks>Keeps the MD5 so HEAD need not re-hash the object, and the size it belongs to so a stale sidecar is detected.</remarks>
internal sealed record LocalSidecar(long Size, string Md5Hex, string ContentType, Dictionary<string, string> Metadata)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static LocalSidecar? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalSidecar>(File.ReadAllBytes(path), Options);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // A torn or hand-edited sidecar must not hide the object; callers fall back to re-hashing.
            return null;
        }
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Options);
}
