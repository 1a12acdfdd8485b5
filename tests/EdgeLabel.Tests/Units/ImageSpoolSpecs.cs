using EdgeLabel.Actors;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Units;

public sealed class ImageSpoolSpecs : IDisposable
{
    private readonly TempDirectory _dir = new("spool");

    private static readonly byte[] Bytes = [0xFF, 0xD8, 0xFF, 1, 2, 3, 4];

    [Fact]
    public async Task Stored_bytes_live_under_their_content_id_with_no_temp_file_left()
    {
        var spool = new ImageSpool(_dir.Path, fsync: true);
        var id = ContentId.Of(Bytes);

        var path = await spool.StoreAsync(id, "JPEG", Bytes, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(spool.Root, id.Value[..2], id.Value + ".jpg"), path);
        using (var read = await spool.ReadPooledAsync(id, "jpg", TestContext.Current.CancellationToken))
            Assert.Equal(Bytes, read.Memory.ToArray()); // exactly the file's length, though the rented buffer is larger
        Assert.True(spool.Contains(id, ".jpg"));
        Assert.Empty(Directory.EnumerateFiles(spool.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_pooled_read_of_an_image_larger_than_the_large_object_threshold_returns_its_bytes_and_refuses_use_after_dispose()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var large = new byte[300_000];
        new Random(7).NextBytes(large);
        var id = ContentId.Of(large);
        await spool.StoreAsync(id, "jpg", large, TestContext.Current.CancellationToken);

        var read = await spool.ReadPooledAsync(id, "jpg", TestContext.Current.CancellationToken);
        Assert.Equal(large.Length, read.Length);
        Assert.True(read.Memory.Span.SequenceEqual(large));
        read.Dispose();
        read.Dispose(); // returned once only
        Assert.Throws<ObjectDisposedException>(() => read.Memory);
        await Assert.ThrowsAnyAsync<IOException>(() => spool.ReadPooledAsync(ContentId.Of([1, 2, 3]), "jpg", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Storing_the_same_image_twice_is_a_no_op()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var id = ContentId.Of(Bytes);
        var path = await spool.StoreAsync(id, "jpg", Bytes, TestContext.Current.CancellationToken);
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        Assert.Equal(path, await spool.StoreAsync(id, "jpg", Bytes, TestContext.Current.CancellationToken));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.EnumerateFiles(spool.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_truncated_file_left_under_the_id_is_replaced_whole()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var id = ContentId.Of(Bytes);
        var path = spool.PathOf(id, "jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Bytes[..3], TestContext.Current.CancellationToken);

        await spool.StoreAsync(id, "jpg", Bytes, TestContext.Current.CancellationToken);
        Assert.Equal(Bytes, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("jpg", "jpg")]
    [InlineData(".JPEG", "jpg")]
    [InlineData("png", "png")]
    [InlineData("webp", "webp")]
    [InlineData("../x", "bin")]
    [InlineData("jpg/../../evil", "bin")]
    [InlineData("exe", "bin")]
    [InlineData("", "bin")]
    public void Extensions_are_normalised_and_never_a_path_fragment(string given, string expected) =>
        Assert.Equal(expected, ImageSpool.CheckExtension(given));

    [Fact]
    public void A_path_fragment_as_extension_stays_inside_the_spool()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var path = spool.PathOf(ContentId.Of(Bytes), "../../../etc/passwd");
        Assert.StartsWith(spool.Root + Path.DirectorySeparatorChar, Path.GetFullPath(path));
        Assert.EndsWith(".bin", path);
    }

    [Fact]
    public async Task Orphaned_temp_files_are_removed_and_images_kept()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var id = ContentId.Of(Bytes);
        var path = await spool.StoreAsync(id, "jpg", Bytes, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(path + ".123.abc.tmp", [1], TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(spool.Root, "x.tmp"), [1], TestContext.Current.CancellationToken);

        Assert.Equal(2, spool.RemoveOrphanedTempFiles());
        Assert.True(File.Exists(path));
        Assert.Equal(0, spool.RemoveOrphanedTempFiles());
    }

    public void Dispose() => _dir.Dispose();
}
