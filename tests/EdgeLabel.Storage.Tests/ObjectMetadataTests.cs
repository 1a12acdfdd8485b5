using EdgeLabel.Storage;

namespace EdgeLabel.Storage.Tests;

/// <summary>User metadata is checked the way S3 would take it: names [a-z0-9-] (lowercased), printable ASCII values,
/// 2 KB in total; <see cref="ObjectMetadata.Fits"/> answers what <see cref="ObjectMetadata.Normalize"/> would do.</summary>
public sealed class ObjectMetadataTests
{
    public static TheoryData<string, string, bool> Sets => new()
    {
        { "site", "north", true },
        { "Content-Id", "abc", true },
        { "description", new string('x', ObjectMetadata.MaxTotalBytes - "description".Length), true },
        { "description", new string('x', ObjectMetadata.MaxTotalBytes - "description".Length + 1), false },
        { "", "empty name", false },
        { "with space", "v", false },
        { "under_score", "v", false },
        { "model", "caf\u00e9", false },
        { "model", "line\nbreak", false },
        { "model", "", true },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Fits_agrees_with_Normalize(string name, string value, bool accepted)
    {
        var metadata = new Dictionary<string, string> { [name] = value };

        Assert.Equal(accepted, ObjectMetadata.Fits(metadata));
        if (accepted) Assert.Equal(value, ObjectMetadata.Normalize(metadata)[name.ToLowerInvariant()]);
        else Assert.Throws<ArgumentException>(() => ObjectMetadata.Normalize(metadata));
    }

    [Fact]
    public void The_2_KB_limit_counts_every_name_and_value_together()
    {
        var half = new string('v', ObjectMetadata.MaxTotalBytes / 2 - 1);
        var metadata = new Dictionary<string, string> { ["a"] = half, ["b"] = half + "vv" };

        Assert.False(ObjectMetadata.Fits(metadata));
        var error = Assert.Throws<ArgumentException>(() => ObjectMetadata.Normalize(metadata));
        Assert.Contains("S3 allows 2048", error.Message);
    }

    [Fact]
    public void Names_that_differ_only_by_case_are_refused()
    {
        var metadata = new Dictionary<string, string> { ["Site"] = "a", ["site"] = "b" };

        Assert.Throws<ArgumentException>(() => ObjectMetadata.Normalize(metadata));
    }
}
