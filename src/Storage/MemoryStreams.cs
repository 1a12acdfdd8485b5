using System.Runtime.InteropServices;

namespace EdgeLabel.Storage;

/// <summary>Wraps memory as a read-only stream, without copying when it is backed by an array.</summary>
internal static class MemoryStreams
{
    public static MemoryStream Open(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
