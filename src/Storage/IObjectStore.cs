namespace EdgeLabel.Storage;

/// <summary>A bucket/key object store (Amazon S3, an S3-compatible server, or a local directory).</summary>
/// <remarks>
/// Failures surface as <see cref="ObjectStoreException"/> whose <see cref="ObjectStoreException.IsTransient"/>
/// tells the caller whether retrying later can help; invalid arguments throw <see cref="ArgumentException"/>.
/// </remarks>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="content"/> (read from its current position to the end), replacing any object at <paramref name="uri"/>.</summary>
    Task<StoredObject> PutAsync(ObjectUri uri, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/>, replacing any object at <paramref name="uri"/>.</summary>
    Task<StoredObject> PutAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default);

    /// <summary>Returns size, ETag and metadata of the object, or null when it does not exist.</summary>
    Task<StoredObject?> HeadAsync(ObjectUri uri, CancellationToken cancellationToken = default);

    /// <summary>Opens the object's content for reading; the caller disposes the stream.</summary>
    Task<Stream> GetAsync(ObjectUri uri, CancellationToken cancellationToken = default);

    /// <summary>Opens the object's content from byte <paramref name="offset"/> on (a resumed download continues where its
    /// partial file ends). Stores that cannot read a range skip the first bytes of the whole object.</summary>
    async Task<Stream> GetAsync(ObjectUri uri, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var stream = await GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (offset == 0) return stream;
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }
        var skip = new byte[81920];
        for (var left = offset; left > 0;)
        {
            var read = await stream.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            left -= read;
        }
        return stream;
    }

    /// <summary>True when the bucket exists and these credentials can reach it; false for any store failure.</summary>
    Task<bool> ProbeAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Keys of the objects whose key starts with <paramref name="prefix"/> (plain prefix match, as S3's
    /// ListObjectsV2), in ascending order, at most <paramref name="maxKeys"/>.</summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, int maxKeys = 10_000, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a missing object succeeds, as in S3.</summary>
    Task DeleteAsync(ObjectUri uri, CancellationToken cancellationToken = default);
}
