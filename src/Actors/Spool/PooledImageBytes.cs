using System.Buffers;

namespace EdgeLabel.Actors.Spool;

/// <summary>A spool file's bytes in a buffer rented from the shared pool; dispose returns it.</summary>
/// <remarks>Images are larger than the 85 KB large-object threshold, so a fresh array per upload meant a steady
/// stream of large-object allocations and full collections on a busy uploader; a rented buffer is reused.</remarks>
public sealed class PooledImageBytes : IDisposable
{
    private byte[]? _buffer;

    private PooledImageBytes(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory =>
        new(_buffer ?? throw new ObjectDisposedException(nameof(PooledImageBytes)), 0, Length);

    /// <summary>Reads the whole file into a rented buffer (a file that grows while read is read up to its opening length).</summary>
    public static async Task<PooledImageBytes> ReadAsync(string path, CancellationToken ct)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength) throw new IOException($"{path} is {length} bytes, too large to upload in one buffer");
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, (int)length - read), read, ct).ConfigureAwait(false);
                if (n == 0) break; // truncated while read: upload what is there, the MD5 describes exactly that
                read += n;
            }
            return new PooledImageBytes(buffer, read);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
    }
}
