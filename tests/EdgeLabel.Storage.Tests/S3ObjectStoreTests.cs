using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeLabel.Storage.Tests.Support;

namespace EdgeLabel.Storage.Tests;

/// <summary>The store contract against a real S3 server (s3rver over HTTP, or EDGELABEL_S3_ENDPOINT), plus S3-only error mapping.</summary>
public sealed class S3ObjectStoreTests : ObjectStoreContractTests, IClassFixture<PlainS3Fixture>
{
    private readonly S3Endpoint _endpoint;
    private readonly IAmazonS3 _client;
    private readonly S3ObjectStore _store;

    public S3ObjectStoreTests(PlainS3Fixture fixture)
    {
        _endpoint = fixture.Endpoint;
        var settings = _endpoint.Settings();
        _client = _endpoint.CreateClient(settings);
        _store = new S3ObjectStore(_client, settings);
    }

    protected override IObjectStore Store => _store;

    protected override string Bucket => _endpoint.Bucket;

    protected override async Task<IReadOnlyList<string>> ListKeysAsync(string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix + "/" };
        ListObjectsV2Response response;
        do
        {
            response = await _client.ListObjectsV2Async(request, Ct);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        } while (response.IsTruncated == true);
        return keys;
    }

    [Fact]
    public async Task Dead_port_is_a_transient_connection_failure()
    {
        var settings = new S3StoreSettings($"http://127.0.0.1:{DeadPort()}", "us-east-1", true, true, 16L << 20, S3StoreSettings.MinPartBytes)
        {
            MaxErrorRetry = 0,
        };
        using var client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), S3ObjectStore.CreateConfig(settings));
        var store = new S3ObjectStore(client, settings);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync(ObjectUri.Create("any-bucket", "a.bin"), new byte[10], "application/octet-stream", null, Ct));

        Assert.True(ex.IsTransient, ex.ToString());
        Assert.Equal("ConnectionFailure", ex.Code);
        Assert.False(await store.ProbeAsync("any-bucket", Ct));
    }

    [Fact]
    public async Task Unknown_access_key_is_a_permanent_InvalidAccessKeyId()
    {
        Assert.SkipUnless(_endpoint.IsS3rver, "needs s3rver, which knows exactly one access key");
        var settings = _endpoint.Settings();
        using var client = new AmazonS3Client(new BasicAWSCredentials("NOT-A-KEY", "secret"), S3ObjectStore.CreateConfig(settings));
        var store = new S3ObjectStore(client, settings);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync(Uri("denied.bin"), new byte[10], "application/octet-stream", null, Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal("InvalidAccessKeyId", ex.Code);
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Fact]
    public async Task Object_bytes_on_the_server_carry_no_aws_chunked_framing()
    {
        // s3rver answers 200 to aws-chunked bodies but keeps the framing ("...;chunk-signature=") in the object.
        var uri = Uri("framing.txt");
        var bytes = "plain body"u8.ToArray();

        await _store.PutAsync(uri, bytes, "text/plain", null, Ct);

        using var response = await _client.GetObjectAsync(uri.Bucket, uri.Key, Ct);
        using var reader = new StreamReader(response.ResponseStream);
        Assert.Equal("plain body", await reader.ReadToEndAsync(Ct));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _client.Dispose();
    }

    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed: nothing listens there
    }
}
