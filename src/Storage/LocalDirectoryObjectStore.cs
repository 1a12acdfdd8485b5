using System.Security.Cryptography;

namespace EdgeLabel.Storage;

/// <summary>An <see cref="IObjectStore"/> over a local folder: <c>s3://bucket/key</c> is the file <c>{root}/{bucket}/{key}</c>.</summary>
/// <remarks>
/// Used where no S3 endpoint exists (development, air-gapped sites) and as the reference behaviour in tests.
/// Writes go to a temp file in the target folder and are renamed into place, so readers never see a
/// partial object. Metadata and the MD5 live in a <c>{key}.meta.json</c> sidecar beside the object, so keys
/// ending in that suffix are refused. S3 lets "a" and "a/b" coexist; a file system cannot, so that is an error here.
/// </remarks>
public sealed class LocalDirectoryObjectStore : IObjectStore
{
    /// <summary>Suffix of the metadata file stored beside each object.</summary>
    public const string SidecarSuffix = ".meta.json";

    /// <summary>Marks in-flight temp files; key segments containing it are refused so they cannot collide.</summary>
    private const string TempMarker = ".edgelabel-tmp-";

    private const int BufferSize = 81920;

    private readonly string _rootWithSeparator;
    private readonly bool _createMissingBuckets;

    /// <summary>Creates a store rooted at <paramref name="root"/>; buckets are sub-folders and must exist unless <paramref name="createMissingBuckets"/>.</summary>
    public LocalDirectoryObjectStore(string root, bool createMissingBuckets = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _rootWithSeparator = Root + Path.DirectorySeparatorChar;
        _createMissingBuckets = createMissingBuckets;
        Directory.CreateDirectory(Root);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    /// <summary>Returns the absolute file path of an object, refusing any that would land outside its bucket folder.</summary>
    public string PathOf(ObjectUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var bucketDir = BucketDirectory(uri.Bucket);
        var relative = uri.Key.Replace('/', Path.DirectorySeparatorChar);
        var full = Path.GetFullPath(Path.Combine(bucketDir, relative));
        // ObjectUri already refuses '..' and rooted keys; this is the backstop should that validation ever loosen.
        if (!full.StartsWith(bucketDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Key of {uri} resolves outside the store root", nameof(uri));
        var name = Path.GetFileName(full);
        if (name.EndsWith(SidecarSuffix, StringComparison.Ordinal) || uri.Key.Contains(TempMarker, StringComparison.Ordinal))
            throw new ArgumentException($"Key of {uri} uses a name reserved by the local store", nameof(uri));
        return full;
    }

    /// <inheritdoc />
    public Task<StoredObject> PutAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        PutAsync(uri, MemoryStreams.Open(content), contentType, metadata, cancellationToken);

    /// <inheritdoc />
    public async Task<StoredObject> PutAsync(ObjectUri uri, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var meta = ObjectMetadata.Normalize(metadata);
        var path = PathOf(uri);
        EnsureBucket(uri.Bucket);
        var temp = path + TempMarker + Guid.NewGuid().ToString("N");
        try
        {
            CreateParentDirectory(uri, path);
            var (size, md5) = await WriteTempAsync(temp, content, cancellationToken).ConfigureAwait(false);
            var sidecarPath = path + SidecarSuffix;
            // Identical bytes already in place: leave the file alone (same result as overwriting, less churn).
            if (!IsSameContent(path, sidecarPath, size, md5))
                File.Move(temp, path, overwrite: true);
            var sidecar = new LocalSidecar(size, md5, contentType, new Dictionary<string, string>(meta));
            WriteAtomically(sidecarPath, sidecar.ToUtf8());
            return new StoredObject(uri, size, md5, md5) { Metadata = meta, ContentType = contentType };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw IoFailure("put", uri, ex);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject?> HeadAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            var sidecar = LocalSidecar.TryRead(path + SidecarSuffix);
            var md5 = sidecar is not null && sidecar.Size == info.Length
                ? sidecar.Md5Hex
                : await HashFileAsync(path, cancellationToken).ConfigureAwait(false);
            var meta = sidecar is null ? ObjectMetadata.Empty : ObjectMetadata.Normalize(sidecar.Metadata);
            return new StoredObject(uri, info.Length, md5, md5) { Metadata = meta, ContentType = sidecar?.ContentType };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw IoFailure("head", uri, ex);
        }
    }

    /// <inheritdoc />
    public Task<Stream> GetAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        if (!Directory.Exists(BucketDirectory(uri.Bucket))) throw NoSuchBucket(uri.Bucket);
        try
        {
            // FileShare.Delete: a concurrent overwrite renames over the file without breaking this reader.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectStoreException($"No object at {uri}", "NoSuchKey", isTransient: false, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw IoFailure("get", uri, ex);
        }
    }

    /// <inheritdoc />
    public Task<bool> ProbeAsync(string bucket, CancellationToken cancellationToken = default)
    {
        if (ObjectUri.ValidateBucket(bucket) is { } error) throw new ArgumentException(error, nameof(bucket));
        var dir = BucketDirectory(bucket);
        try
        {
            if (_createMissingBuckets) Directory.CreateDirectory(dir);
            if (!Directory.Exists(dir)) return Task.FromResult(false);
            // Existing is not enough: a read-only mount or wrong owner would fail every later put.
            var probe = Path.Combine(dir, ".probe" + TempMarker + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return Task.FromResult(true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        if (!Directory.Exists(BucketDirectory(uri.Bucket))) throw NoSuchBucket(uri.Bucket);
        try
        {
            File.Delete(path);
            File.Delete(path + SidecarSuffix);
            return Task.CompletedTask;
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw IoFailure("delete", uri, ex);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, int maxKeys = 10_000, CancellationToken cancellationToken = default)
    {
        if (ObjectUri.ValidateBucket(bucket) is { } error) throw new ArgumentException(error, nameof(bucket));
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var bucketDir = BucketDirectory(bucket);
        if (!Directory.Exists(bucketDir)) throw NoSuchBucket(bucket);
        // Walk only the folder the prefix names (its part up to the last '/'); the rest is a plain string match.
        var folderPart = prefix.LastIndexOf('/') is var slash and >= 0 ? prefix[..slash] : "";
        var start = Path.GetFullPath(Path.Combine(bucketDir, folderPart.Replace('/', Path.DirectorySeparatorChar)));
        if (start != bucketDir && !start.StartsWith(bucketDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"prefix '{prefix}' resolves outside bucket {bucket}", nameof(prefix));
        try
        {
            if (!Directory.Exists(start)) return Task.FromResult<IReadOnlyList<string>>([]);
            var keys = Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(SidecarSuffix, StringComparison.Ordinal) && !f.Contains(TempMarker, StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(bucketDir, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Take(maxKeys)
                .ToList();
            return Task.FromResult<IReadOnlyList<string>>(keys);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw IoFailure("list", ObjectUri.Create(bucket, prefix.Length == 0 ? "." : prefix.TrimEnd('/')), ex);
        }
    }

    private string BucketDirectory(string bucket) => _rootWithSeparator + bucket;

    private void EnsureBucket(string bucket)
    {
        var dir = BucketDirectory(bucket);
        if (Directory.Exists(dir)) return;
        if (!_createMissingBuckets) throw NoSuchBucket(bucket);
        Directory.CreateDirectory(dir);
    }

    private static void CreateParentDirectory(ObjectUri uri, string path)
    {
        if (Directory.Exists(path))
            throw new ObjectStoreException($"{uri} is a folder of other keys here", "KeyConflict", isTransient: false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (IOException ex)
        {
            throw new ObjectStoreException($"A parent of {uri} is itself an object here", "KeyConflict", isTransient: false, ex);
        }
    }

    private static async Task<(long Size, string Md5Hex)> WriteTempAsync(string temp, Stream content, CancellationToken ct)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
        }
        // Durable before the rename: after a power cut the outbox may already have dropped its copy.
        file.Flush(flushToDisk: true);
        return (file.Length, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    private static bool IsSameContent(string path, string sidecarPath, long size, string md5)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != size) return false;
        var sidecar = LocalSidecar.TryRead(sidecarPath);
        if (sidecar is not null && sidecar.Size == size) return sidecar.Md5Hex == md5;
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream)) == md5;
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
            BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + TempMarker + Guid.NewGuid().ToString("N");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is harmless and carries the reserved marker.
        }
    }

    private static ObjectStoreException NoSuchBucket(string bucket) =>
        new($"Bucket folder '{bucket}' does not exist under the store root", "NoSuchBucket", isTransient: false);

    // Disk full or a busy file may clear up; a permission problem will not, but both are IOExceptions
    // on Linux only in part, so UnauthorizedAccessException is the one treated as permanent.
    private static ObjectStoreException IoFailure(string operation, ObjectUri uri, Exception ex) =>
        ex is UnauthorizedAccessException
            ? new ObjectStoreException($"Local {operation} of {uri} denied: {ex.Message}", "AccessDenied", isTransient: false, ex)
            : new ObjectStoreException($"Local {operation} of {uri} failed: {ex.Message}", "LocalIOError", isTransient: true, ex);
}
