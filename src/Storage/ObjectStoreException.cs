namespace EdgeLabel.Storage;

/// <summary>An object store operation failed; <see cref="IsTransient"/> says whether a later retry can succeed.</summary>
public class ObjectStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObjectStoreException(string message, string code, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        IsTransient = isTransient;
    }

    /// <summary>The S3 error code (e.g. "NoSuchBucket", "SlowDown") or a local one ("ConnectionFailure", "Timeout").</summary>
    public string Code { get; }

    /// <summary>True for timeouts, unreachable endpoints, 5xx and throttling; false for configuration or permission errors.</summary>
    public bool IsTransient { get; }
}
