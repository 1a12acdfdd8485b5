namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>Files for a directory camera. The camera leaves files modified in the last second for its next scan (they
/// may still be copied in), so test files are backdated to be picked up by the first scan.</summary>
internal static class ImageFolder
{
    public static string Write(string dir, string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        return path;
    }

    public static void Backdate(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
    }
}
