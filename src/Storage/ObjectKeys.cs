using System.Globalization;

namespace EdgeLabel.Storage;

/// <summary>Builds the deterministic object keys under which review images (and, for long descriptions, their sidecars) are stored.</summary>
/// <remarks>
/// The key is derived from the content hash, so re-uploading the same image after a crash or retry
/// overwrites the same object with the same bytes instead of creating a duplicate.
/// </remarks>
public static class ObjectKeys
{
    /// <summary>Image extensions accepted in keys (lowercase, without the dot).</summary>
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>(StringComparer.Ordinal) { "jpg", "jpeg", "png", "webp", "bmp", "tif", "tiff" };

    private const int MaxNameLength = 63;

    /// <summary>Returns <c>{prefix}/{site}/{camera}/{yyyy}/{MM}/{dd}/{sha256}.{ext}</c> (UTC date).</summary>
    public static string ForImage(string prefix, string site, string camera, DateTimeOffset capturedAtUtc, string sha256Hex, string ext)
    {
        var normalizedExt = ext.TrimStart('.').ToLowerInvariant();
        if (!ImageExtensions.Contains(normalizedExt))
            throw new ArgumentException($"Image extension '{ext}' is not one of: {string.Join(", ", ImageExtensions)}", nameof(ext));
        return Build(prefix, site, camera, capturedAtUtc, sha256Hex, normalizedExt);
    }

    /// <summary>Returns the key of the JSON sidecar for the image with the same parts: <c>...{sha256}.json</c>.</summary>
    public static string ForSidecar(string prefix, string site, string camera, DateTimeOffset capturedAtUtc, string sha256Hex) =>
        Build(prefix, site, camera, capturedAtUtc, sha256Hex, "json");

    private static string Build(string prefix, string site, string camera, DateTimeOffset capturedAtUtc, string sha256Hex, string ext)
    {
        var normalizedPrefix = NormalizePrefix(prefix);
        RequireName(site, nameof(site));
        RequireName(camera, nameof(camera));
        var hash = NormalizeSha256(sha256Hex);
        // Always the UTC calendar day: sites in different time zones must agree on the folder.
        var utc = capturedAtUtc.UtcDateTime;
        var date = utc.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);
        var key = $"{normalizedPrefix}{site}/{camera}/{date}/{hash}.{ext}";
        if (ObjectUri.ValidateKey(key) is { } error) throw new ArgumentException($"Generated key '{key}' is invalid: {error}");
        return key;
    }

    /// <summary>Returns "" for an empty prefix, else the prefix with one trailing '/', validating each segment.</summary>
    private static string NormalizePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim('/');
        if (trimmed.Length == 0) return "";
        foreach (var segment in trimmed.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || !segment.All(IsPrefixChar))
                throw new ArgumentException($"Key prefix '{prefix}' may only contain segments of [a-z0-9._-]", nameof(prefix));
        }
        return trimmed + "/";
    }

    private static bool IsPrefixChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';

    private static void RequireName(string value, string parameter)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxNameLength ||
            !value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            throw new ArgumentException($"{parameter} '{value}' must be 1-{MaxNameLength} characters of [a-z0-9-]", parameter);
    }

    private static string NormalizeSha256(string sha256Hex)
    {
        if (sha256Hex is null || sha256Hex.Length != 64 || !sha256Hex.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"'{sha256Hex}' is not a 64-character hex SHA-256", nameof(sha256Hex));
        return sha256Hex.ToLowerInvariant();
    }
}
