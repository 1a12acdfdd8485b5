using System.Security.Cryptography;
using EdgeLabel.Storage.Tests.Support;

namespace EdgeLabel.Storage.Tests;

/// <summary>Multipart and single uploads over HTTPS to an s3rver with a self-signed certificate trusted per client.</summary>
public sealed class S3TlsTests(TlsS3Fixture fixture) : S3MultipartTests(fixture), IClassFixture<TlsS3Fixture>
{
    [Fact]
    public async Task Single_put_works_over_tls_with_a_self_signed_certificate()
    {
        var endpoint = fixture.Endpoint;
        var settings = endpoint.Settings();
        using var client = endpoint.CreateClient(settings);
        var store = new S3ObjectStore(client, settings);
        var uri = ObjectUri.Create(endpoint.Bucket, $"multipart-tests/{Guid.NewGuid():N}/small.bin");

        var put = await store.PutAsync(uri, "hello"u8.ToArray(), "text/plain", null, Ct);
        await store.DeleteAsync(uri, Ct);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("hello"u8)), put.ETag);
    }

    [Fact]
    public async Task Untrusted_self_signed_certificate_is_a_permanent_tls_failure()
    {
        var endpoint = fixture.Endpoint;
        Assert.SkipUnless(endpoint.IsS3rver, "needs the private self-signed s3rver");
        var settings = endpoint.Settings() with { TrustedCertificatePath = null, MaxErrorRetry = 0 };
        using var client = endpoint.CreateClient(settings);
        var store = new S3ObjectStore(client, settings);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync(ObjectUri.Create(endpoint.Bucket, "tls.bin"), new byte[1], "application/octet-stream", null, Ct));

        Assert.Equal("TlsFailure", ex.Code);
        Assert.False(ex.IsTransient);
    }
}
