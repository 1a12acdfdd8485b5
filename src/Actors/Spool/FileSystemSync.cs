using System.Runtime.InteropServices;

namespace EdgeLabel.Actors.Spool;

/// <summary>Linux <c>syncfs(2)</c> on the filesystem holding a folder: one call makes every write on it durable,
/// which lets the spool sync once per batch of decisions instead of once per image.</summary>
internal sealed partial class FileSystemSync : IDisposable
{
    private const int ReadOnly = 0;
    private const int DirectoryOnly = 0x10000; // O_DIRECTORY on x86_64 and arm64 Linux
    private int _fd;

    public FileSystemSync(string directory)
    {
        _fd = Open(directory, ReadOnly | DirectoryOnly);
        if (_fd < 0) throw new IOException($"cannot open {directory} to sync it: errno {Marshal.GetLastPInvokeError()}");
    }

    public void Sync()
    {
        if (SyncFs(_fd) != 0) throw new IOException($"syncfs failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
