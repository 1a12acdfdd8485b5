namespace EdgeLabel.Inference.Imaging;

/// <summary>Magic-number sniffing, used only to word rejections (Skia decides what actually decodes).</summary>
internal static class Signature
{
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((byte[])[0xFF, 0xD8, 0xFF])) return "jpeg";
        if (b.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "png";
        if (b.StartsWith("GIF8"u8)) return "gif";
        if (b.StartsWith("BM"u8) && b.Length >= 14) return "bmp";
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8)) return "webp";
        if (b.StartsWith((byte[])[(byte)'I', (byte)'I', 42, 0]) || b.StartsWith((byte[])[(byte)'M', (byte)'M', 0, 42])) return "tiff";
        if (b.Length >= 12 && b.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = b.Slice(8, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return "avif";
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8)) return "heif";
        }
        if (b.StartsWith((byte[])[0xFF, 0x0A]) || b.StartsWith((byte[])[0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' '])) return "jpegxl";
        if (b.StartsWith((byte[])[0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' '])) return "jpeg2000";
        return null;
    }

    /// <summary>Formats the bundled Skia build decodes; the others are reported as unsupported rather than corrupt.</summary>
    public static bool IsDecodable(string format) => format is "jpeg" or "png" or "gif" or "bmp" or "webp";

    public static string Describe(ReadOnlySpan<byte> b)
    {
        var head = b[..Math.Min(8, b.Length)];
        return string.Join(' ', head.ToArray().Select(x => x.ToString("X2")));
    }
}
