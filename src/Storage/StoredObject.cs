namespace EdgeLabel.Storage;

/// <summary>What an object store reports about one stored object.</summary>
/// <param name="Uri">Where the object is.</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="ETag">The store's entity tag, unquoted (hex MD5 for single-part uploads, "md5-N" for multipart).</param>
/// <param name="Md5Hex">Lowercase hex MD5 of the whole content when known, else null (e.g. HEAD of a multipart object).</param>
public sealed record StoredObject(ObjectUri Uri, long Size, string ETag, string? Md5Hex)
{
    /// <summary>User metadata, keys lowercase without the <c>x-amz-meta-</c> prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = ObjectMetadata.Empty;

    /// <summary>The content type recorded with the object, when the store reports one.</summary>
    public string? ContentType { get; init; }
}
