using Akka.Configuration;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Tests.Support;
using ConfigurationException = EdgeLabel.Actors.Configuration.ConfigurationException;

namespace EdgeLabel.Tests.Spool;

/// <summary>The spool counts the bytes it holds: once at start, then on every store and delete.</summary>
public sealed class ImageSpoolAccountingSpecs : IDisposable
{
    private readonly TempDirectory _dir = new("spool-quota");

    private static byte[] Image(int n, int size)
    {
        var bytes = new byte[size];
        BitConverter.GetBytes(n).CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public async Task Stores_and_deletes_move_the_count_and_a_re_store_counts_once()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false, quotaBytes: 1000);
        var ct = TestContext.Current.CancellationToken;
        var a = Image(1, 300);
        var b = Image(2, 200);
        Assert.Equal(0, spool.UsedBytes);
        Assert.Equal(1000, spool.QuotaBytes);

        await spool.StoreAsync(ContentId.Of(a), "jpg", a, ct);
        await spool.StoreAsync(ContentId.Of(b), "png", b, ct);
        Assert.Equal(500, spool.UsedBytes);

        await spool.StoreAsync(ContentId.Of(a), "jpg", a, ct); // identical bytes: a no-op
        Assert.Equal(500, spool.UsedBytes);
        Assert.Equal(0, spool.BytesNeededFor(ContentId.Of(a), "jpg", a.Length));
        Assert.Equal(200, spool.BytesNeededFor(ContentId.Of(Image(3, 200)), "jpg", 200));

        Assert.True(spool.HasRoomFor(500));
        Assert.False(spool.HasRoomFor(501));

        Assert.Equal(300, spool.Delete(ContentId.Of(a), "jpg"));
        Assert.Equal(200, spool.UsedBytes);
        Assert.Equal(0, spool.Delete(ContentId.Of(a), "jpg")); // already gone: nothing freed twice
        Assert.Equal(200, spool.UsedBytes);
    }

    [Fact]
    public async Task A_truncated_file_replaced_whole_counts_its_new_length_only()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var bytes = Image(7, 100);
        var id = ContentId.Of(bytes);
        var path = spool.PathOf(id, "jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes[..40], TestContext.Current.CancellationToken);
        var reopened = new ImageSpool(_dir.Path, fsync: false);
        Assert.Equal(40, reopened.UsedBytes);

        await reopened.StoreAsync(id, "jpg", bytes, TestContext.Current.CancellationToken);
        Assert.Equal(100, reopened.UsedBytes);
        Assert.Null(reopened.QuotaBytes);
        Assert.True(reopened.HasRoomFor(long.MaxValue / 2)); // unlimited
    }

    [Fact]
    public async Task Concurrent_stores_of_the_same_and_of_different_images_are_counted_exactly()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false);
        var images = Enumerable.Range(0, 40).Select(i => Image(i, 50 + i)).ToArray();
        // Every image stored 3 times from parallel tasks, as several cameras seeing the same frames would.
        await Task.WhenAll(images.Concat(images).Concat(images)
            .Select(img => Task.Run(() => spool.StoreAsync(ContentId.Of(img), "jpg", img))));
        Assert.Equal(images.Sum(i => (long)i.Length), spool.UsedBytes);

        await Task.WhenAll(images.Take(20).Select(img => Task.Run(() => spool.Delete(ContentId.Of(img), "jpg"))));
        Assert.Equal(images.Skip(20).Sum(i => (long)i.Length), spool.UsedBytes);
    }

    [Fact]
    public async Task The_count_starts_from_a_scan_of_what_is_on_disk_without_temp_files()
    {
        var first = new ImageSpool(_dir.Path, fsync: false);
        var ct = TestContext.Current.CancellationToken;
        foreach (var i in Enumerable.Range(0, 5))
        {
            var img = Image(i, 100 * (i + 1));
            await first.StoreAsync(ContentId.Of(img), "jpg", img, ct);
        }
        await File.WriteAllBytesAsync(Path.Combine(first.Root, "left-by-a-crash.123.abc.tmp"), new byte[777], ct);

        var reopened = new ImageSpool(_dir.Path, fsync: false, quotaBytes: 2000);
        Assert.Equal(1500, reopened.UsedBytes);
        Assert.True(reopened.HasRoomFor(500));
        Assert.False(reopened.HasRoomFor(501));
    }

    [Fact]
    public void Reservations_count_against_the_quota_until_released()
    {
        var spool = new ImageSpool(_dir.Path, fsync: false, quotaBytes: 100);
        Assert.True(spool.TryReserve(60));
        Assert.False(spool.TryReserve(41));
        Assert.False(spool.HasRoomFor(41));
        Assert.Equal(1, spool.ShortfallFor(41));
        Assert.True(spool.TryReserve(40));
        spool.ReleaseReservation(60);
        spool.ReleaseReservation(40);
        Assert.True(spool.HasRoomFor(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageSpool(_dir.Path, fsync: false, quotaBytes: 0));
    }

    private static readonly Config Shipped = ConfigurationFactory.ParseString(File.ReadAllText(RepoPaths.Hocon("edge.conf")));

    private static EdgeSettings Read(string hocon) =>
        EdgeSettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(Shipped), RepoPaths.Root);

    [Fact]
    public void Quota_settings_default_to_unlimited_and_reject_new()
    {
        var settings = EdgeSettingsReader.Read(Shipped, RepoPaths.Root);
        Assert.Null(settings.SpoolQuotaBytes);
        Assert.Equal(SpoolOnFull.RejectNew, settings.SpoolOnFull);
    }

    [Fact]
    public void Quota_settings_bind()
    {
        var settings = Read("edgelabel.spool { quota-bytes = 21474836480, on-full = drop-oldest-auto }");
        Assert.Equal(21474836480L, settings.SpoolQuotaBytes);
        Assert.Equal(SpoolOnFull.DropOldestAuto, settings.SpoolOnFull);
        Assert.Null(Read("edgelabel.spool.quota-bytes = unlimited").SpoolQuotaBytes);
    }

    [Theory]
    [InlineData("edgelabel.spool.quota-bytes = 0", "edgelabel.spool.quota-bytes")]
    [InlineData("edgelabel.spool.quota-bytes = -5", "edgelabel.spool.quota-bytes")]
    [InlineData("edgelabel.spool.quota-bytes = lots", "edgelabel.spool.quota-bytes")]
    [InlineData("edgelabel.spool.on-full = drop-newest", "edgelabel.spool.on-full")]
    public void Bad_quota_settings_name_their_key(string hocon, string keyPath)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(hocon));
        Assert.Equal(keyPath, error.KeyPath);
    }

    public void Dispose() => _dir.Dispose();
}
