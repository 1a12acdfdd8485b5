namespace EdgeLabel.Actors.Camera;

/// <summary>Picks a spool extension from the leading bytes (file names and Content-Type headers can lie).</summary>
public static class ImageFormatSniffer
{
    public static string ExtensionOf(ReadOnlySpan<byte> bytes, string? fileName = null)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return "jpg";
        if (bytes.Length >= 8 && bytes[..8].SequenceEqual<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "png";
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return "webp";
        if (bytes.Length >= 2 && bytes[0] == 'B' && bytes[1] == 'M') return "bmp";
        if (bytes.Length >= 6 && bytes[..3].SequenceEqual("GIF"u8)) return "gif";
        return "bin";
    }
}
