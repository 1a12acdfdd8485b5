namespace EdgeLabel.Storage;

/// <summary>The store acknowledged an upload whose ETag or size does not match what was sent, even after one retry.</summary>
/// <remarks>
/// Permanent on purpose: a repeated mismatch usually means the store does not use MD5 ETags (e.g. SSE-KMS)
/// or something rewrites bodies in transit, and blind retries would not change either.
/// </remarks>
public sealed class ObjectIntegrityException : ObjectStoreException
{
    /// <summary>Creates the exception.</summary>
    public ObjectIntegrityException(string message) : base(message, "IntegrityMismatch", isTransient: false)
    {
    }
}
