namespace EdgeLabel.Actors.Camera;

/// <summary>Splits ffmpeg's MJPEG pipe output into whole JPEG files. Inside entropy-coded data every 0xFF is
/// followed by 0x00, so an EOI marker (FF D9) can only end a frame.</summary>
public sealed class JpegFrameSplitter(int maxFrameBytes = 64 * 1024 * 1024)
{
    private readonly MemoryStream _frame = new();
    private byte _previous;

    public IReadOnlyList<byte[]> Push(ReadOnlySpan<byte> chunk)
    {
        List<byte[]>? frames = null;
        var start = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            var b = chunk[i];
            if (_previous == 0xFF && b == 0xD9)
            {
                _frame.Write(chunk[start..(i + 1)]);
                (frames ??= []).Add(_frame.ToArray());
                _frame.SetLength(0);
                start = i + 1;
                _previous = 0;
                continue;
            }
            _previous = b;
        }
        _frame.Write(chunk[start..]);
        if (_frame.Length > maxFrameBytes)
            throw new InvalidDataException($"no JPEG end marker within {maxFrameBytes} bytes: not an MJPEG stream");
        return frames ?? (IReadOnlyList<byte[]>)[];
    }
}
