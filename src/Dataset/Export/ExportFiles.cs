using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeLabel.Storage;

namespace EdgeLabel.Dataset.Export;

/// <summary>What every exporter shares: buffered output files, the JSON writer settings, and image file names.</summary>
internal static class ExportFiles
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Labels may be any Unicode; files are UTF-8, so only what JSON requires is escaped (the HTML report
    /// escapes for HTML itself).</summary>
    public static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static FileStream Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes);
    }

    public static StreamWriter CreateText(string path) => new(Create(path), Utf8);

    public static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes one small per-image file in a single call: a buffered stream per file would allocate its
    /// buffer tens of thousands of times.</summary>
    public static void WriteSmall(string path, ReadOnlySpan<byte> content)
    {
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        RandomAccess.Write(handle, content, 0);
    }

    /// <summary>The object key of an s3:// URI (unique within its bucket), or the text itself when it is no such URI.</summary>
    public static string KeyOf(string objectUri) => ObjectUri.TryParse(objectUri, out var uri) ? uri.Key : objectUri;
}
