namespace EdgeLabel.Storage.Tests;

public sealed class ObjectUriTests
{
    [Fact]
    public void Parses_and_formats_round_trip()
    {
        var uri = ObjectUri.Parse("s3://review-images.eu/edge/site-1/a b+c.jpg");

        Assert.Equal("review-images.eu", uri.Bucket);
        Assert.Equal("edge/site-1/a b+c.jpg", uri.Key);
        Assert.Equal("s3://review-images.eu/edge/site-1/a b+c.jpg", uri.ToString());
        Assert.Equal(uri, ObjectUri.Parse(uri.ToString()));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("two..dots")]
    [InlineData("dot.-dash")]
    [InlineData("192.168.1.10")]
    [InlineData("xn--bucket")]
    [InlineData("name-s3alias")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Bad_bucket_names_are_refused(string bucket)
    {
        Assert.NotNull(ObjectUri.ValidateBucket(bucket));
        Assert.Throws<ArgumentException>(() => ObjectUri.Create(bucket, "k"));
        Assert.False(ObjectUri.TryParse($"s3://{bucket}/k", out _));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("my.bucket-1")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Good_bucket_names_are_accepted(string bucket) => Assert.Null(ObjectUri.ValidateBucket(bucket));

    [Theory]
    [InlineData("")]
    [InlineData("/abs/key")]
    [InlineData("../escape")]
    [InlineData("a/../../etc/passwd")]
    [InlineData("a/..")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("dir/")]
    [InlineData("win\\path")]
    [InlineData("nul\0byte")]
    public void Unsafe_keys_are_refused(string key)
    {
        Assert.NotNull(ObjectUri.ValidateKey(key));
        Assert.Throws<ArgumentException>(() => ObjectUri.Create("bucket", key));
    }

    [Fact]
    public void Keys_are_limited_to_1024_utf8_bytes()
    {
        Assert.Null(ObjectUri.ValidateKey(new string('a', 1024)));
        Assert.NotNull(ObjectUri.ValidateKey(new string('a', 1025)));
        Assert.NotNull(ObjectUri.ValidateKey(new string('é', 513))); // 1026 bytes in UTF-8
    }

    [Theory]
    [InlineData("http://bucket/key")]
    [InlineData("s3://bucket")]
    [InlineData("s3://bucket/")]
    [InlineData("s3:///key")]
    public void Malformed_uris_do_not_parse(string text)
    {
        Assert.False(ObjectUri.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ObjectUri.Parse(text));
    }
}
