using Amazon.Runtime;
using Amazon.S3;

namespace EdgeLabel.Storage.Tests.Support;

/// <summary>An S3 endpoint the tests talk to: a private s3rver, or the user's server from EDGELABEL_S3_* variables.</summary>
/// <param name="ServiceUrl">Endpoint URL, or null for Amazon S3 itself.</param>
/// <param name="Credentials">Explicit credentials (s3rver's fixed pair), or null for the AWS default chain.</param>
/// <param name="TrustedCertificatePath">Self-signed certificate of a TLS s3rver, else null.</param>
/// <param name="IsS3rver">True for the private s3rver, whose quirks some tests depend on.</param>
public sealed record S3Endpoint(string? ServiceUrl, string Bucket, string Region, AWSCredentials? Credentials,
    string? TrustedCertificatePath, bool IsS3rver)
{
    /// <summary>The user's endpoint when EDGELABEL_S3_ENDPOINT is set, else null.</summary>
    public static S3Endpoint? FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("EDGELABEL_S3_ENDPOINT");
        if (string.IsNullOrWhiteSpace(url)) return null;
        var bucket = Environment.GetEnvironmentVariable("EDGELABEL_S3_BUCKET");
        if (string.IsNullOrWhiteSpace(bucket)) throw new InvalidOperationException("EDGELABEL_S3_ENDPOINT is set but EDGELABEL_S3_BUCKET is not");
        var region = Environment.GetEnvironmentVariable("EDGELABEL_S3_REGION") is { Length: > 0 } r ? r : "us-east-1";
        // "aws" means Amazon S3 itself (regional endpoint, virtual-hosted addressing).
        var serviceUrl = url.Equals("aws", StringComparison.OrdinalIgnoreCase) ? null : url;
        return new S3Endpoint(serviceUrl, bucket, region, Credentials: null, TrustedCertificatePath: null, IsS3rver: false);
    }

    /// <summary>Store settings for this endpoint with the given multipart threshold.</summary>
    public S3StoreSettings Settings(long multipartThresholdBytes = 16L * 1024 * 1024, int partBytes = S3StoreSettings.MinPartBytes) =>
        new(ServiceUrl, Region, ForcePathStyle: ServiceUrl is not null, ChecksumWhenRequired: IsS3rver, multipartThresholdBytes, partBytes)
        {
            TrustedCertificatePath = TrustedCertificatePath,
            // s3rver cannot decode aws-chunked bodies; UNSIGNED-PAYLOAD avoids them (the SDK honours it over TLS only).
            DisablePayloadSigning = IsS3rver && TrustedCertificatePath is not null,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>A raw SDK client for checks the store interface does not offer (listing).</summary>
    public IAmazonS3 CreateClient(S3StoreSettings settings)
    {
        var config = S3ObjectStore.CreateConfig(settings);
        return Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(Credentials, config);
    }
}
