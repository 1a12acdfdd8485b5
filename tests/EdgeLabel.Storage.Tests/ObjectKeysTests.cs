namespace EdgeLabel.Storage.Tests;

public sealed class ObjectKeysTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static readonly DateTimeOffset Captured = new(2025, 12, 31, 22, 15, 0, TimeSpan.FromHours(-5));

    [Fact]
    public void Image_key_uses_the_utc_date_and_content_hash()
    {
        var key = ObjectKeys.ForImage("review", "site-7", "gate-cam", Captured, Sha.ToUpperInvariant(), ".JPG");

        Assert.Equal($"review/site-7/gate-cam/2026/01/01/{Sha}.jpg", key);
    }

    [Fact]
    public void Sidecar_key_matches_the_image_key_with_json()
    {
        var image = ObjectKeys.ForImage("a/b/", "s", "c", Captured, Sha, "png");
        var sidecar = ObjectKeys.ForSidecar("a/b/", "s", "c", Captured, Sha);

        Assert.Equal(Path.ChangeExtension(image, ".json"), sidecar);
        Assert.StartsWith("a/b/s/c/", sidecar);
    }

    [Fact]
    public void Empty_prefix_yields_no_leading_segment()
    {
        Assert.StartsWith("s/c/2026/", ObjectKeys.ForImage("", "s", "c", Captured, Sha, "jpg"));
    }

    [Theory]
    [InlineData("review", "Site", "cam", Sha, "jpg")]
    [InlineData("review", "site/../x", "cam", Sha, "jpg")]
    [InlineData("review", "site", "", Sha, "jpg")]
    [InlineData("review", "site", "cam_1", Sha, "jpg")]
    [InlineData("review", "site", "cam", "abc", "jpg")]
    [InlineData("review", "site", "cam", Sha + "00", "jpg")]
    [InlineData("review", "site", "cam", "zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "jpg")]
    [InlineData("review", "site", "cam", Sha, "exe")]
    [InlineData("review", "site", "cam", Sha, "jpg/../x")]
    [InlineData("../up", "site", "cam", Sha, "jpg")]
    [InlineData("a//b", "site", "cam", Sha, "jpg")]
    [InlineData("Upper", "site", "cam", Sha, "jpg")]
    public void Invalid_parts_are_refused(string prefix, string site, string camera, string sha, string ext)
    {
        Assert.Throws<ArgumentException>(() => ObjectKeys.ForImage(prefix, site, camera, Captured, sha, ext));
    }
}
