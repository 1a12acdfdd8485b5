namespace EdgeLabel.Storage;

/// <summary>How <see cref="S3ObjectStore"/> reaches Amazon S3 or an S3-compatible server; holds no credentials.</summary>
/// <param name="ServiceUrl">Endpoint of an S3-compatible server (e.g. MinIO); null for Amazon S3 in <paramref name="Region"/>.</param>
/// <param name="Region">Region to sign for (e.g. "eu-central-1"; most compatible servers accept "us-east-1").</param>
/// <param name="ForcePathStyle">Address buckets as <c>host/bucket</c> instead of <c>bucket.host</c>; needed by most compatible servers.</param>
/// <param name="ChecksumWhenRequired">Send and validate the SDK's flexible checksums only when an operation requires them; needed by servers that do not understand them.</param>
/// <param name="MultipartThresholdBytes">Objects larger than this are uploaded in parts.</param>
/// <param name="MultipartPartBytes">Part size for multipart uploads (S3 minimum 5 MiB).</param>
/// <remarks>Credentials always come from the AWS default chain (environment, profile, instance role) so they never sit in EdgeLabel config.</remarks>
public sealed record S3StoreSettings(
    string? ServiceUrl,
    string Region,
    bool ForcePathStyle,
    bool ChecksumWhenRequired,
    long MultipartThresholdBytes,
    int MultipartPartBytes)
{
    /// <summary>S3's minimum size of every part but the last.</summary>
    public const int MinPartBytes = 5 * 1024 * 1024;

    /// <summary>S3's maximum size of a single PUT.</summary>
    public const long MaxSinglePutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>Send UNSIGNED-PAYLOAD instead of a streaming signature; only honoured over HTTPS, where TLS already protects the body.</summary>
    public bool DisablePayloadSigning { get; init; }

    /// <summary>PEM certificate to trust as a root for this endpoint only (self-signed on-site servers), or null for the system store.</summary>
    public string? TrustedCertificatePath { get; init; }

    /// <summary>SDK-level retries per call before an error reaches the caller.</summary>
    public int MaxErrorRetry { get; init; } = 3;

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Defaults for Amazon S3: virtual-hosted addressing, SDK default checksums, 16 MiB threshold, 8 MiB parts.</summary>
    public static S3StoreSettings ForAws(string region) =>
        new(null, region, ForcePathStyle: false, ChecksumWhenRequired: false, 16L * 1024 * 1024, 8 * 1024 * 1024);

    /// <summary>Throws <see cref="ArgumentException"/> when the settings cannot work.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Region);
        if (ServiceUrl is not null && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
            throw new ArgumentException($"ServiceUrl '{ServiceUrl}' is not an absolute URL");
        if (MultipartPartBytes < MinPartBytes)
            throw new ArgumentException($"MultipartPartBytes must be at least {MinPartBytes} (S3 minimum part size)");
        if (MultipartThresholdBytes is < 1 or > MaxSinglePutBytes)
            throw new ArgumentException($"MultipartThresholdBytes must be 1..{MaxSinglePutBytes}");
        if (MaxErrorRetry < 0) throw new ArgumentException("MaxErrorRetry must not be negative");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException("Timeout must be positive");
    }
}
