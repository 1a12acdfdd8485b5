using Amazon.Runtime;

namespace EdgeLabel.Storage.Tests.Support;

/// <summary>Provides an <see cref="S3Endpoint"/>: the user's (EDGELABEL_S3_ENDPOINT) or a private s3rver for the test class.</summary>
public abstract class S3Fixture(bool tls) : IAsyncLifetime
{
    public const string S3rverBucket = "edgelabel-test";

    private S3rverProcess? _server;

    public S3Endpoint Endpoint { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (S3Endpoint.FromEnvironment() is { } external)
        {
            Endpoint = external;
            return;
        }
        _server = await S3rverProcess.StartAsync(S3rverBucket, tls);
        Endpoint = new S3Endpoint(_server.ServiceUrl, S3rverBucket, "us-east-1",
            new BasicAWSCredentials(S3rverProcess.AccessKey, S3rverProcess.AccessKey), _server.CertificatePath, IsS3rver: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
