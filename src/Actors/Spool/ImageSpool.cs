namespace EdgeLabel.Actors.Spool;

/// <summary>What a camera's intake does when an image does not fit the spool quota (HOCON <c>edgelabel.spool.on-full</c>).</summary>
public enum SpoolOnFull
{
    /// <summary>Cameras wait (HTTP answers 507) until uploads free space; nothing accepted is dropped.</summary>
    RejectNew,

    /// <summary>The outbox first deletes the oldest pending auto-labeled images; when none is left, as <see cref="RejectNew"/>.</summary>
    DropOldestAuto,
}

/// <summary>Content-addressed image store on local disk: <c>{root}/{id[0..2]}/{id}.{ext}</c>. Bytes live here,
/// never in messages or the journal. Writes are atomic (temp file + rename) and optionally fsynced, so a file
/// that exists is complete.
/// <para>It counts the bytes it holds (one scan at start, then every store and delete, thread-safe: stream
/// stages and tasks use it at once) against an optional quota. Room is reserved before a write
/// (<see cref="TryReserve"/>) so concurrent cameras can never overshoot the quota together.</para></summary>
public sealed class ImageSpool
{
    private static readonly HashSet<string> AllowedExtensions = new(StringComparer.Ordinal) { "jpg", "png", "webp", "bmp", "gif", "bin" };
    private readonly bool _fsync;
    private readonly FileSystemSync? _batchSync;
    private readonly object _gate = new();
    private long _usedBytes;
    private long _reservedBytes;

    /// <param name="quotaBytes">Most bytes the spool may hold; null = unlimited.</param>
    /// <param name="syncInBatches">With <paramref name="fsync"/>: skip the per-file fsync; <see cref="SyncAsync"/>
    /// (called once per batch of decisions, before they are persisted) makes every spooled file durable at once.</param>
    public ImageSpool(string root, bool fsync, long? quotaBytes = null, SpoolOnFull onFull = SpoolOnFull.RejectNew, bool syncInBatches = false)
    {
        if (quotaBytes is <= 0) throw new ArgumentOutOfRangeException(nameof(quotaBytes), quotaBytes, "a spool quota must be > 0 (or null for unlimited)");
        Root = Path.GetFullPath(root);
        _fsync = fsync;
        QuotaBytes = quotaBytes;
        OnFull = onFull;
        Directory.CreateDirectory(Root);
        if (fsync && syncInBatches) _batchSync = new FileSystemSync(Root);
        _usedBytes = Scan();
    }

    /// <summary>Makes every file stored so far durable (one syncfs), when the spool syncs in batches; else nothing to do.</summary>
    public Task SyncAsync() => _batchSync is null ? Task.CompletedTask : Task.Run(_batchSync.Sync);

    public string Root { get; }

    /// <summary>Most bytes the spool may hold, or null when unlimited.</summary>
    public long? QuotaBytes { get; }

    public SpoolOnFull OnFull { get; }

    /// <summary>Bytes of the complete image files in the spool (temp files of writes in progress are not counted).</summary>
    public long UsedBytes
    {
        get { lock (_gate) return _usedBytes; }
    }

    /// <summary>True when <paramref name="bytes"/> more would still fit the quota (always, when unlimited).</summary>
    public bool HasRoomFor(long bytes)
    {
        if (QuotaBytes is not { } quota) return true;
        lock (_gate) return _usedBytes + _reservedBytes + bytes <= quota;
    }

    /// <summary>How many bytes must be freed before <paramref name="bytes"/> more fit (0 when they fit now).</summary>
    public long ShortfallFor(long bytes)
    {
        if (QuotaBytes is not { } quota) return 0;
        lock (_gate) return Math.Max(0, _usedBytes + _reservedBytes + bytes - quota);
    }

    /// <summary>Reserves room for a write about to happen; false (nothing reserved) when it does not fit.
    /// Give it back with <see cref="ReleaseReservation"/> once the write is done or abandoned.</summary>
    public bool TryReserve(long bytes)
    {
        if (QuotaBytes is not { } quota) return true;
        lock (_gate)
        {
            if (_usedBytes + _reservedBytes + bytes > quota) return false;
            _reservedBytes += bytes;
            return true;
        }
    }

    public void ReleaseReservation(long bytes)
    {
        if (QuotaBytes is null) return;
        lock (_gate) _reservedBytes = Math.Max(0, _reservedBytes - bytes);
    }

    public string PathOf(ContentId id, string extension) =>
        Path.Combine(Root, id.Value[..2], $"{id.Value}.{CheckExtension(extension)}");

    public bool Contains(ContentId id, string extension) => File.Exists(PathOf(id, extension));

    /// <summary>Bytes a store of this image would add: 0 when the complete file is already there.</summary>
    public long BytesNeededFor(ContentId id, string extension, long length)
    {
        var file = new FileInfo(PathOf(id, extension));
        return file.Exists && file.Length == length ? 0 : length;
    }

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
            if (_fsync && _batchSync is null) stream.Flush(flushToDisk: true);
        }
        // The rename and the count change together, so two writers of the same id count its bytes once.
        lock (_gate)
        {
            var replaced = new FileInfo(path);
            var before = replaced.Exists ? replaced.Length : 0;
            File.Move(temp, path, overwrite: true);
            _usedBytes += bytes.Length - before;
        }
        return path;
    }

    /// <summary>The image's bytes in a pooled buffer (the uploader's read: one per upload, disposed after the PUT).</summary>
    public Task<PooledImageBytes> ReadPooledAsync(ContentId id, string extension, CancellationToken ct = default) =>
        PooledImageBytes.ReadAsync(PathOf(id, extension), ct);

    /// <summary>Deletes the image file (a missing one is fine) and returns the bytes freed.</summary>
    public long Delete(ContentId id, string extension)
    {
        var path = PathOf(id, extension);
        lock (_gate)
        {
            var file = new FileInfo(path);
            if (!file.Exists) return 0;
            var length = file.Length;
            File.Delete(path);
            _usedBytes -= length;
            return length;
        }
    }

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

    private long Scan()
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories))
            if (!file.Name.EndsWith(".tmp", StringComparison.Ordinal)) total += file.Length;
        return total;
    }
}
