using System.Security.Cryptography;
using System.Text;

namespace EdgeLabel.Storage.Tests;

/// <summary>Behaviour every <see cref="IObjectStore"/> must share; each backend's test class derives from this.</summary>
public abstract class ObjectStoreContractTests : IAsyncDisposable
{
    private readonly List<ObjectUri> _created = [];

    /// <summary>A key prefix unique to this test, so tests can share one bucket and run in parallel.</summary>
    protected string Prefix { get; } = $"contract-tests/{Guid.NewGuid():N}";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IObjectStore Store { get; }

    /// <summary>An existing, writable bucket.</summary>
    protected abstract string Bucket { get; }

    /// <summary>Keys stored under <paramref name="prefix"/> in <see cref="Bucket"/>, as the backend itself lists them.</summary>
    protected abstract Task<IReadOnlyList<string>> ListKeysAsync(string prefix);

    protected ObjectUri Uri(string name)
    {
        var uri = ObjectUri.Create(Bucket, $"{Prefix}/{name}");
        _created.Add(uri);
        return uri;
    }

    protected static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    protected static async Task<byte[]> ReadAllAsync(IObjectStore store, ObjectUri uri)
    {
        await using var stream = await store.GetAsync(uri, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [Fact]
    public async Task Get_from_an_offset_returns_only_the_bytes_after_it()
    {
        var uri = Uri("model.onnx");
        var bytes = RandomBytes(300_000);
        await Store.PutAsync(uri, bytes, "application/octet-stream", cancellationToken: Ct);

        await using var tail = await Store.GetAsync(uri, 123_456, Ct);
        using var copy = new MemoryStream();
        await tail.CopyToAsync(copy, Ct);

        Assert.Equal(bytes[123_456..], copy.ToArray()); // a resumed download continues exactly where its partial file ends
    }

    [Fact]
    public async Task Put_head_get_round_trip_keeps_bytes_metadata_and_content_type()
    {
        var uri = Uri("image.jpg");
        var bytes = RandomBytes(200_000);
        var metadata = new Dictionary<string, string> { ["Site"] = "alpha-1", ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) };

        var put = await Store.PutAsync(uri, new MemoryStream(bytes), "image/jpeg", metadata, Ct);
        var head = await Store.HeadAsync(uri, Ct);
        var got = await ReadAllAsync(Store, uri);

        Assert.Equal(bytes.Length, put.Size);
        Assert.NotNull(head);
        Assert.Equal(bytes.Length, head.Size);
        Assert.Equal("image/jpeg", head.ContentType);
        Assert.Equal("alpha-1", head.Metadata["site"]);
        Assert.Equal(metadata["sha256"], head.Metadata["sha256"]);
        Assert.Equal(bytes, got);
    }

    [Fact]
    public async Task Memory_overload_stores_the_same_bytes()
    {
        var uri = Uri("sidecar.json");
        var bytes = Encoding.UTF8.GetBytes("""{"faces":2}""");

        await Store.PutAsync(uri, bytes.AsMemory(), "application/json", null, Ct);

        Assert.Equal(bytes, await ReadAllAsync(Store, uri));
    }

    [Fact]
    public async Task ETag_and_md5_are_the_hex_md5_of_the_content()
    {
        var uri = Uri("etag.bin");
        var bytes = RandomBytes(12_345);
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));

        var put = await Store.PutAsync(uri, bytes, "application/octet-stream", null, Ct);
        var head = await Store.HeadAsync(uri, Ct);

        Assert.Equal(md5, put.Md5Hex);
        Assert.Equal(md5, put.ETag, ignoreCase: true);
        Assert.Equal(md5, head!.ETag, ignoreCase: true);
        Assert.Equal(md5, head.Md5Hex);
    }

    [Fact]
    public async Task Second_put_of_identical_bytes_leaves_one_object()
    {
        var bytes = RandomBytes(50_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = ObjectKeys.ForImage(Prefix, "site-1", "cam-2", new DateTimeOffset(2024, 3, 9, 23, 30, 0, TimeSpan.FromHours(-2)), sha, "jpg");
        var uri = ObjectUri.Create(Bucket, key);
        _created.Add(uri);

        var first = await Store.PutAsync(uri, bytes, "image/jpeg", null, Ct);
        var second = await Store.PutAsync(uri, new MemoryStream(bytes), "image/jpeg", null, Ct);

        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal([key], await ListKeysAsync(Prefix));
        Assert.EndsWith($"/site-1/cam-2/2024/03/10/{sha}.jpg", key);
    }

    [Fact]
    public async Task Put_with_different_bytes_replaces_the_object()
    {
        var uri = Uri("replace.bin");
        await Store.PutAsync(uri, RandomBytes(1000), "application/octet-stream", new Dictionary<string, string> { ["v"] = "1" }, Ct);
        var second = RandomBytes(700);

        await Store.PutAsync(uri, second, "application/octet-stream", new Dictionary<string, string> { ["v"] = "2" }, Ct);

        Assert.Equal(second, await ReadAllAsync(Store, uri));
        Assert.Equal("2", (await Store.HeadAsync(uri, Ct))!.Metadata["v"]);
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        var uri = Uri("empty.bin");

        var put = await Store.PutAsync(uri, ReadOnlyMemory<byte>.Empty, "application/octet-stream", null, Ct);

        Assert.Equal(0, put.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", put.Md5Hex);
        Assert.Empty(await ReadAllAsync(Store, uri));
    }

    [Fact]
    public async Task Head_of_missing_object_is_null()
    {
        Assert.Null(await Store.HeadAsync(Uri("missing.bin"), Ct));
    }

    [Fact]
    public async Task Get_of_missing_object_is_a_permanent_NoSuchKey()
    {
        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.GetAsync(Uri("missing.bin"), Ct));

        Assert.False(ex.IsTransient);
        Assert.Equal("NoSuchKey", ex.Code);
    }

    [Fact]
    public async Task Put_to_missing_bucket_is_permanent()
    {
        var uri = ObjectUri.Create($"edgelabel-missing-{Guid.NewGuid():N}", "a.bin");

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => Store.PutAsync(uri, RandomBytes(10), "application/octet-stream", null, Ct));

        Assert.False(ex.IsTransient);
        // A random name on Amazon S3 may belong to someone else, which answers AccessDenied instead.
        Assert.Contains(ex.Code, new[] { "NoSuchBucket", "AccessDenied" });
    }

    [Fact]
    public async Task Probe_is_true_for_the_bucket_and_false_for_a_missing_one()
    {
        Assert.True(await Store.ProbeAsync(Bucket, Ct));
        Assert.False(await Store.ProbeAsync($"edgelabel-missing-{Guid.NewGuid():N}", Ct));
    }

    [Fact]
    public async Task ListKeys_returns_the_keys_under_a_prefix_in_order_and_nothing_else()
    {
        foreach (var name in new[] { "list/b/2.json", "list/a/1.json", "list/a/10.json", "list/ab.json", "other/x.json" })
            await Store.PutAsync(Uri(name), RandomBytes(20), "application/json", null, Ct);

        Assert.Equal([$"{Prefix}/list/a/1.json", $"{Prefix}/list/a/10.json", $"{Prefix}/list/ab.json", $"{Prefix}/list/b/2.json"],
            await Store.ListKeysAsync(Bucket, $"{Prefix}/list/", cancellationToken: Ct));
        // A plain string prefix, as S3 matches it: "list/a" takes "list/ab.json" too.
        Assert.Equal([$"{Prefix}/list/a/1.json", $"{Prefix}/list/a/10.json", $"{Prefix}/list/ab.json"],
            await Store.ListKeysAsync(Bucket, $"{Prefix}/list/a", cancellationToken: Ct));
        Assert.Equal([$"{Prefix}/list/a/1.json"], await Store.ListKeysAsync(Bucket, $"{Prefix}/list/a/", maxKeys: 1, cancellationToken: Ct));
        Assert.Empty(await Store.ListKeysAsync(Bucket, $"{Prefix}/nothing-here/", cancellationToken: Ct));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_tolerates_a_missing_one()
    {
        var uri = Uri("delete.bin");
        await Store.PutAsync(uri, RandomBytes(10), "application/octet-stream", null, Ct);

        await Store.DeleteAsync(uri, Ct);
        await Store.DeleteAsync(uri, Ct);

        Assert.Null(await Store.HeadAsync(uri, Ct));
        Assert.Empty(await ListKeysAsync(Prefix));
    }

    [Fact]
    public async Task Metadata_that_S3_would_mangle_is_refused_before_any_upload()
    {
        var uri = Uri("bad-meta.bin");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.PutAsync(uri, RandomBytes(1), "application/octet-stream", new Dictionary<string, string> { ["caption"] = "café" }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.PutAsync(uri, RandomBytes(1), "application/octet-stream", new Dictionary<string, string> { ["bad name"] = "x" }, Ct));
        Assert.Null(await Store.HeadAsync(uri, Ct));
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Tidy up after ourselves: against a user's bucket these objects would otherwise pile up.
        foreach (var uri in _created)
        {
            try { await Store.DeleteAsync(uri, CancellationToken.None); } catch (ObjectStoreException) { }
        }
        GC.SuppressFinalize(this);
    }
}
