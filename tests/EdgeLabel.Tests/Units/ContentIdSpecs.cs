using System.Text.Json;
using EdgeLabel.Actors;

namespace EdgeLabel.Tests.Units;

public sealed class ContentIdSpecs
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void The_id_of_bytes_is_their_lower_case_sha256()
    {
        Assert.Equal(EmptySha256, ContentId.Of([]).Value);
        Assert.Equal("e3b0c44298fc", ContentId.Of([]).Short);
    }

    [Fact]
    public void A_well_formed_id_parses()
    {
        Assert.True(ContentId.TryParse(EmptySha256, out var id));
        Assert.Equal(ContentId.Of([]), id);
        Assert.Equal(id, ContentId.Parse(EmptySha256));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")] // upper case
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")] // 63
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")] // 65
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")] // not hex
    [InlineData("../../../../etc/passwd/../../../../../../../../../../../../../..")] // 64 chars of traversal
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/")]
    [InlineData(" e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    public void Anything_else_is_refused(string? value)
    {
        Assert.False(ContentId.TryParse(value, out var id));
        Assert.Equal(default, id);
        if (value is not null) Assert.Throws<FormatException>(() => ContentId.Parse(value));
    }

    [Fact]
    public void It_is_a_plain_string_in_json_and_validated_on_the_way_back()
    {
        var id = ContentId.Of([1, 2, 3]);
        var json = JsonSerializer.Serialize(id);
        Assert.Equal($"\"{id.Value}\"", json);
        Assert.Equal(id, JsonSerializer.Deserialize<ContentId>(json));
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<ContentId>("\"../x\""));
    }
}
