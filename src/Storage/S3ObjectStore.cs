using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeLabel.Storage;

/// <summary>An <see cref="IObjectStore"/> over Amazon S3 or an S3-compatible server, verifying every upload by MD5.</summary>
/// <remarks>
/// Single PUTs carry Content-MD5 and are sent without aws-chunked framing, because some compatible servers
/// store that framing inside the object and still answer 200. Credentials come from the SDK's default chain
/// and nothing here logs; exception messages name the object, never a key or secret.
/// ETag checks assume MD5 ETags: buckets with SSE-KMS or SSE-C default encryption would fail every put with
/// <see cref="ObjectIntegrityException"/>. <see cref="ProbeAsync"/> uses HeadBucket, which needs s3:ListBucket.
/// </remarks>
public sealed partial class S3ObjectStore : IObjectStore, IDisposable
{
    private const string MetadataHeaderPrefix = "x-amz-meta-";

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3StoreSettings _settings;

    /// <summary>Creates a store with its own client; credentials from the AWS default chain.</summary>
    public S3ObjectStore(S3StoreSettings settings) : this(new AmazonS3Client(CreateConfig(settings)), settings, ownsClient: true)
    {
    }

    /// <summary>Creates a store over a client the caller owns (e.g. one with explicit test credentials).</summary>
    public S3ObjectStore(IAmazonS3 client, S3StoreSettings settings) : this(client, settings, ownsClient: false)
    {
    }

    private S3ObjectStore(IAmazonS3 client, S3StoreSettings settings, bool ownsClient)
    {
        settings.Validate();
        _client = client;
        _settings = settings;
        _ownsClient = ownsClient;
    }

    /// <summary>Builds the SDK configuration for <paramref name="settings"/>.</summary>
    public static AmazonS3Config CreateConfig(S3StoreSettings settings)
    {
        settings.Validate();
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            MaxErrorRetry = settings.MaxErrorRetry,
            Timeout = settings.Timeout,
        };
        if (settings.ServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }
        else
        {
            config.ServiceURL = settings.ServiceUrl;
            config.AuthenticationRegion = settings.Region;
        }
        if (settings.ChecksumWhenRequired)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        if (settings.TrustedCertificatePath is { } pem)
            config.HttpClientFactory = TrustedCertificateHttpClientFactory.FromPemFile(pem);
        return config;
    }

    /// <inheritdoc />
    public async Task<StoredObject> PutAsync(ObjectUri uri, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var meta = ObjectMetadata.Normalize(metadata);
        if (content.CanSeek && content.Length - content.Position > _settings.MultipartThresholdBytes)
            return await PutMultipartAsync(uri, content, contentType, meta, cancellationToken).ConfigureAwait(false);
        // Content-MD5 must be known before the body is sent, so small or unseekable bodies are buffered (images are MBs).
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        return await PutCoreAsync(uri, bytes, contentType, meta, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<StoredObject> PutAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        return PutCoreAsync(uri, content, contentType, ObjectMetadata.Normalize(metadata), cancellationToken);
    }

    private Task<StoredObject> PutCoreAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType,
        IReadOnlyDictionary<string, string> meta, CancellationToken ct) =>
        content.Length > _settings.MultipartThresholdBytes
            ? PutMultipartAsync(uri, MemoryStreams.Open(content), contentType, meta, ct)
            : PutSingleAsync(uri, content, contentType, meta, ct);

    private async Task<StoredObject> PutSingleAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType,
        IReadOnlyDictionary<string, string> meta, CancellationToken ct)
    {
        var md5 = MD5.HashData(content.Span);
        var md5Hex = Convert.ToHexStringLower(md5);
        string? lastETag = null;
        // One retry: a mismatch can be a body damaged in transit that Content-MD5 somehow did not catch.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var request = new PutObjectRequest
            {
                BucketName = uri.Bucket,
                Key = uri.Key,
                InputStream = MemoryStreams.Open(content),
                ContentType = contentType,
                MD5Digest = Convert.ToBase64String(md5),
                UseChunkEncoding = false,
            };
            if (_settings.DisablePayloadSigning) request.DisablePayloadSigning = true;
            foreach (var (name, value) in meta) request.Metadata.Add(name, value);
            var response = await CallAsync(c => _client.PutObjectAsync(request, c), "put", uri.ToString(), ct).ConfigureAwait(false);
            lastETag = Unquote(response.ETag);
            if (string.Equals(lastETag, md5Hex, StringComparison.OrdinalIgnoreCase))
                return new StoredObject(uri, content.Length, lastETag, md5Hex) { Metadata = meta, ContentType = contentType };
        }
        throw new ObjectIntegrityException($"S3 put of {uri}: ETag '{lastETag}' differs from content MD5 {md5Hex} twice");
    }

    /// <inheritdoc />
    public async Task<StoredObject?> HeadAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var request = new GetObjectMetadataRequest { BucketName = uri.Bucket, Key = uri.Key };
        GetObjectMetadataResponse response;
        try
        {
            response = await _client.GetObjectMetadataAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            return null;
        }
        catch (Exception ex) when (S3Errors.TryMap(ex, "head", uri.ToString(), cancellationToken) is { } mapped)
        {
            throw mapped;
        }
        var etag = Unquote(response.ETag);
        // Only a plain 32-hex ETag is an MD5; multipart ("...-N") and SSE-KMS ETags are not.
        var md5 = etag.Length == 32 && etag.All(char.IsAsciiHexDigit) ? etag.ToLowerInvariant() : null;
        return new StoredObject(uri, response.ContentLength, etag, md5)
        {
            Metadata = ReadMetadata(response.Metadata),
            ContentType = response.Headers?.ContentType,
        };
    }

    /// <inheritdoc />
    public async Task<Stream> GetAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var request = new GetObjectRequest { BucketName = uri.Bucket, Key = uri.Key };
        var response = await CallAsync(c => _client.GetObjectAsync(request, c), "get", uri.ToString(), cancellationToken).ConfigureAwait(false);
        return response.ResponseStream;
    }

    /// <inheritdoc />
    public async Task<Stream> GetAsync(ObjectUri uri, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset == 0) return await GetAsync(uri, cancellationToken).ConfigureAwait(false);
        // An open-ended range: only the bytes a resumed download still lacks cross the link.
        var request = new GetObjectRequest { BucketName = uri.Bucket, Key = uri.Key, ByteRange = new ByteRange($"bytes={offset}-") };
        var response = await CallAsync(c => _client.GetObjectAsync(request, c), "get", uri.ToString(), cancellationToken).ConfigureAwait(false);
        return response.ResponseStream;
    }

    /// <inheritdoc />
    public async Task<bool> ProbeAsync(string bucket, CancellationToken cancellationToken = default)
    {
        if (ObjectUri.ValidateBucket(bucket) is { } error) throw new ArgumentException(error, nameof(bucket));
        try
        {
            await CallAsync(c => _client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, c),
                "probe", $"s3://{bucket}", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ObjectStoreException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, int maxKeys = 10_000, CancellationToken cancellationToken = default)
    {
        if (ObjectUri.ValidateBucket(bucket) is { } error) throw new ArgumentException(error, nameof(bucket));
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var keys = new List<string>();
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token, MaxKeys = Math.Min(1000, maxKeys - keys.Count) };
            var page = await CallAsync(c => _client.ListObjectsV2Async(request, c), "list", $"s3://{bucket}/{prefix}", cancellationToken).ConfigureAwait(false);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null && keys.Count < maxKeys);
        return keys;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var request = new DeleteObjectRequest { BucketName = uri.Bucket, Key = uri.Key };
        await CallAsync(c => _client.DeleteObjectAsync(request, c), "delete", uri.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the client when this store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }

    private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string operation, string target, CancellationToken ct)
    {
        try
        {
            return await call(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.TryMap(ex, operation, target, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    private static IReadOnlyDictionary<string, string> ReadMetadata(MetadataCollection? collection)
    {
        if (collection is null || collection.Count == 0) return ObjectMetadata.Empty;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in collection.Keys)
        {
            var lower = name.ToLowerInvariant();
            var bare = lower.StartsWith(MetadataHeaderPrefix, StringComparison.Ordinal) ? lower[MetadataHeaderPrefix.Length..] : lower;
            result[bare] = collection[name];
        }
        return result;
    }

    private static string Unquote(string? etag) => (etag ?? "").Trim('"');
}
