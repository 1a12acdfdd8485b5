using System.Collections.ObjectModel;

namespace EdgeLabel.Storage;

/// <summary>Validates and normalizes user metadata so every store accepts and returns the same set.</summary>
/// <remarks>
/// S3 sends metadata as HTTP headers, lowercases the names and limits the total to 2 KB; enforcing that
/// here (also for the local store) makes a local run fail the same way an S3 upload would.
/// </remarks>
public static class ObjectMetadata
{
    /// <summary>S3's limit on the total size of user metadata names and values.</summary>
    public const int MaxTotalBytes = 2048;

    /// <summary>An empty metadata set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Empty =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>Returns a copy with lowercase names, throwing <see cref="ArgumentException"/> for names or values S3 would mangle.</summary>
    public static IReadOnlyDictionary<string, string> Normalize(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0) return Empty;
        var result = new Dictionary<string, string>(metadata.Count, StringComparer.Ordinal);
        var total = 0;
        foreach (var (name, value) in metadata)
        {
            if (Problem(name, value) is { } problem) throw new ArgumentException(problem, nameof(metadata));
            var lower = name.ToLowerInvariant();
            if (!result.TryAdd(lower, value))
                throw new ArgumentException($"Metadata name '{name}' differs from another only by case", nameof(metadata));
            total += lower.Length + value.Length;
        }
        if (total > MaxTotalBytes)
            throw new ArgumentException($"Metadata is {total} bytes; S3 allows {MaxTotalBytes}", nameof(metadata));
        return new ReadOnlyDictionary<string, string>(result);
    }

    /// <summary>True when <see cref="Normalize"/> would accept the set (names unique ignoring case are not checked).</summary>
    public static bool Fits(IReadOnlyDictionary<string, string> metadata)
    {
        var total = 0;
        foreach (var (name, value) in metadata)
        {
            if (Problem(name, value) is not null) return false;
            total += name.Length + value.Length;
        }
        return total <= MaxTotalBytes;
    }

    private static string? Problem(string name, string? value)
    {
        if (name.Length == 0) return $"Metadata name '{name}' must be non-empty [a-z0-9-]";
        foreach (var c in name)
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
                return $"Metadata name '{name}' must be non-empty [a-z0-9-]";
        // Headers carry printable ASCII only; anything else is encoded differently by each server.
        if (value is null) return $"Metadata value of '{name}' must be printable ASCII";
        foreach (var c in value)
            if (c is < ' ' or > '~')
                return $"Metadata value of '{name}' must be printable ASCII";
        return null;
    }
}
