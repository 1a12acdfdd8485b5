namespace EdgeLabel.Actors.Spool;

/// <summary>Content-addressed image store on local disk: <c>{root}/{id[0..2]}/{id}.{ext}</c>. Bytes live here,
/// never in messages or the journal. Writes are atomic (temp file + rename) and optionally fsynced, so a file
/// that exists is complete.</summary>
public sealed class ImageSpool
{
    private static readonly HashSet<string> AllowedExtensions = new(StringComparer.Ordinal) { "jpg", "png", "webp", "bmp", "gif", "bin" };
    private readonly bool _fsync;

    public ImageSpool(string root, bool fsync)
    {
        Root = Path.GetFullPath(root);
        _fsync = fsync;
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(ContentId id, string extension) =>
        Path.Combine(Root, id.Value[..2], $"{id.Value}.{CheckExtension(extension)}");

    public bool Contains(ContentId id, string extension) => File.Exists(PathOf(id, extension));

    /// <summary>Stores the bytes under their content id; storing identical bytes twice is a no-op.</summary>
    public async Task<string> StoreAsync(ContentId id, string extension, ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        var path = PathOf(id, extension);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(bytes, ct);
            if (_fsync) stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    public Task<byte[]> ReadAsync(ContentId id, string extension, CancellationToken ct = default) =>
        File.ReadAllBytesAsync(PathOf(id, extension), ct);

    public void Delete(ContentId id, string extension) => File.Delete(PathOf(id, extension));

    /// <summary>Removes temp files left by a process killed mid-write.</summary>
    public int RemoveOrphanedTempFiles()
    {
        var removed = 0;
        foreach (var temp in Directory.EnumerateFiles(Root, "*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(temp);
            removed++;
        }
        return removed;
    }

    /// <summary>Normalises and validates an extension: only known image kinds, never a path fragment.</summary>
    public static string CheckExtension(string extension)
    {
        var ext = extension.TrimStart('.').ToLowerInvariant();
        if (ext == "jpeg") ext = "jpg";
        return AllowedExtensions.Contains(ext) ? ext : "bin";
    }
}
