using EdgeLabel.Actors.Camera;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Units;

public sealed class DirectoryScannerSpecs : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("scanner");
    private readonly ManualClock _clock = new(Now);

    private string Write(string name, DateTimeOffset modified)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        return path;
    }

    [Fact]
    public void New_files_are_returned_once_in_name_order()
    {
        var b = Write("b.jpg", Now.AddMinutes(-5));
        var a = Write("a.png", Now.AddMinutes(-5));
        var scanner = new DirectoryScanner(_dir.Path, ["jpg", "png"], recursive: false, _clock);

        Assert.Equal([a, b], scanner.ScanNew());
        Assert.Empty(scanner.ScanNew());

        var c = Write("c.jpg", Now.AddMinutes(-1));
        Assert.Equal([c], scanner.ScanNew());
        Assert.Empty(scanner.ScanNew());
    }

    [Fact]
    public void A_file_modified_within_the_settle_time_waits_for_a_later_scan()
    {
        var settled = Write("old.jpg", Now - DirectoryScanner.SettleTime - TimeSpan.FromMilliseconds(10));
        var copying = Write("new.jpg", Now.AddMilliseconds(-100));
        var scanner = new DirectoryScanner(_dir.Path, ["jpg"], recursive: false, _clock);

        Assert.Equal([settled], scanner.ScanNew());
        Assert.Empty(scanner.ScanNew());

        _clock.Advance(DirectoryScanner.SettleTime);
        Assert.Equal([copying], scanner.ScanNew());
        Assert.Empty(scanner.ScanNew());
    }

    [Fact]
    public void Extensions_filter_case_insensitively_and_subfolders_only_when_recursive()
    {
        var upper = Write("A.JPG", Now.AddMinutes(-5));
        Write("notes.txt", Now.AddMinutes(-5));
        var nested = Write(Path.Combine("sub", "n.jpg"), Now.AddMinutes(-5));

        Assert.Equal([upper], new DirectoryScanner(_dir.Path, [".jpg"], recursive: false, _clock).ScanNew());
        Assert.Equal(new[] { upper, nested }.Order(StringComparer.Ordinal),
            new DirectoryScanner(_dir.Path, ["jpg"], recursive: true, _clock).ScanNew());
        Assert.Equal(3, new DirectoryScanner(_dir.Path, [], recursive: true, _clock).ScanNew().Count);
    }

    [Fact]
    public void A_missing_folder_scans_as_empty()
    {
        var scanner = new DirectoryScanner(_dir.File("nope"), ["jpg"], recursive: false, _clock);
        Assert.Empty(scanner.ScanNew());
    }

    public void Dispose() => _dir.Dispose();
}
