using EdgeLabel.Actors.Camera;

namespace EdgeLabel.Tests.Units;

public sealed class ImageFormatSnifferSpecs
{
    public static TheoryData<byte[], string> Headers => new()
    {
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "jpg" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "png" },
        { "RIFF\0\0\0\0WEBPVP8 "u8.ToArray(), "webp" },
        { "BM\0\0\0\0"u8.ToArray(), "bmp" },
        { "GIF89a"u8.ToArray(), "gif" },
        { "RIFF\0\0\0\0WAVEfmt "u8.ToArray(), "bin" },
        { "hello world"u8.ToArray(), "bin" },
        { [0xFF, 0xD8], "bin" },
        { [0x89, 0x50, 0x4E, 0x47], "bin" },
        { [], "bin" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void The_extension_comes_from_the_leading_bytes(byte[] bytes, string expected) =>
        Assert.Equal(expected, ImageFormatSniffer.ExtensionOf(bytes));

    [Fact]
    public void A_lying_file_name_does_not_change_the_answer()
    {
        Assert.Equal("jpg", ImageFormatSniffer.ExtensionOf([0xFF, 0xD8, 0xFF, 0xDB], "photo.png"));
        Assert.Equal("bin", ImageFormatSniffer.ExtensionOf("<html>"u8, "photo.jpg"));
    }
}
