namespace EdgeLabel.Actors.Camera;

/// <summary>Finds files in a folder that it has not returned before. Files modified in the last
/// <see cref="SettleTime"/> are left for the next scan, so a file still being copied in is not read half-written.</summary>
public sealed class DirectoryScanner(string path, IReadOnlyCollection<string> extensions, bool recursive, TimeProvider clock)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _extensions = new(extensions.Select(e => "." + e.TrimStart('.').ToLowerInvariant()), StringComparer.Ordinal);

    public static TimeSpan SettleTime { get; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> ScanNew()
    {
        if (!Directory.Exists(path)) return [];
        var cutoff = clock.GetUtcNow() - SettleTime;
        var found = new List<string>();
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (var file in Directory.EnumerateFiles(path, "*", option))
        {
            if (_seen.Contains(file)) continue;
            if (_extensions.Count > 0 && !_extensions.Contains(Path.GetExtension(file).ToLowerInvariant())) continue;
            if (File.GetLastWriteTimeUtc(file) > cutoff.UtcDateTime) continue;
            _seen.Add(file);
            found.Add(file);
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
