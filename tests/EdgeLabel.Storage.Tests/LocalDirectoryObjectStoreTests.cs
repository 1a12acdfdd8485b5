namespace EdgeLabel.Storage.Tests;

/// <summary>The store contract against a temp folder, plus the local store's path-safety rules.</summary>
public sealed class LocalDirectoryObjectStoreTests : ObjectStoreContractTests
{
    private const string TestBucket = "local-bucket";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("edgelabel-store-");
    private readonly LocalDirectoryObjectStore _store;

    public LocalDirectoryObjectStoreTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, TestBucket));
        _store = new LocalDirectoryObjectStore(_root.FullName);
    }

    protected override IObjectStore Store => _store;

    protected override string Bucket => TestBucket;

    protected override Task<IReadOnlyList<string>> ListKeysAsync(string prefix)
    {
        var bucketDir = Path.Combine(_root.FullName, TestBucket);
        var dir = Path.Combine(bucketDir, prefix);
        IReadOnlyList<string> keys = !Directory.Exists(dir)
            ? []
            : Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(LocalDirectoryObjectStore.SidecarSuffix, StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(bucketDir, f).Replace(Path.DirectorySeparatorChar, '/'))
                .ToList();
        return Task.FromResult(keys);
    }

    [Fact]
    public void Objects_live_at_root_bucket_key()
    {
        var path = _store.PathOf(ObjectUri.Parse("s3://local-bucket/a/b/c.jpg"));

        Assert.Equal(Path.Combine(_root.FullName, "local-bucket", "a", "b", "c.jpg"), path);
    }

    [Fact]
    public async Task Put_leaves_only_the_object_and_its_sidecar()
    {
        var uri = Uri("x/photo.png");

        await _store.PutAsync(uri, RandomBytes(100), "image/png", null, Ct);

        var files = Directory.GetFiles(Path.GetDirectoryName(_store.PathOf(uri))!).Select(Path.GetFileName).Order();
        Assert.Equal(["photo.png", "photo.png.meta.json"], files);
    }

    [Fact]
    public async Task Identical_put_does_not_rewrite_the_file()
    {
        var uri = Uri("same.bin");
        var bytes = RandomBytes(1000);
        await _store.PutAsync(uri, bytes, "application/octet-stream", null, Ct);
        var path = _store.PathOf(uri);
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        await _store.PutAsync(uri, bytes, "application/octet-stream", null, Ct);

        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task Head_rehashes_when_the_sidecar_is_missing()
    {
        var uri = Uri("no-sidecar.bin");
        var put = await _store.PutAsync(uri, RandomBytes(3000), "application/octet-stream", null, Ct);
        File.Delete(_store.PathOf(uri) + LocalDirectoryObjectStore.SidecarSuffix);

        var head = await _store.HeadAsync(uri, Ct);

        Assert.Equal(put.Md5Hex, head!.Md5Hex);
        Assert.Empty(head.Metadata);
    }

    [Theory]
    [InlineData("a/b.meta.json")]
    [InlineData("a/b.edgelabel-tmp-123")]
    public void Reserved_names_are_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => _store.PathOf(ObjectUri.Create(TestBucket, key)));
    }

    [Fact]
    public async Task Key_that_is_a_folder_of_other_keys_is_a_permanent_conflict()
    {
        await _store.PutAsync(Uri("dir/child.bin"), RandomBytes(1), "application/octet-stream", null, Ct);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            _store.PutAsync(Uri("dir"), RandomBytes(1), "application/octet-stream", null, Ct));

        Assert.Equal("KeyConflict", ex.Code);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Missing_buckets_are_created_when_asked()
    {
        var store = new LocalDirectoryObjectStore(_root.FullName, createMissingBuckets: true);

        Assert.True(await store.ProbeAsync("made-on-demand", Ct));
        await store.PutAsync(ObjectUri.Create("other-new", "k.bin"), RandomBytes(5), "application/octet-stream", null, Ct);

        Assert.True(File.Exists(Path.Combine(_root.FullName, "other-new", "k.bin")));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
