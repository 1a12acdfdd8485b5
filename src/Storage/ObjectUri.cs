using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace EdgeLabel.Storage;

/// <summary>A validated <c>s3://bucket/key</c> address of one object in an object store.</summary>
/// <remarks>
/// Keys are stricter than S3 requires: they must also be safe as relative file paths, because
/// <see cref="LocalDirectoryObjectStore"/> maps them onto a directory and keys come from site data.
/// </remarks>
public sealed record ObjectUri
{
    /// <summary>S3's limit on the UTF-8 length of a key.</summary>
    public const int MaxKeyBytes = 1024;

    private const string Scheme = "s3://";

    private ObjectUri(string bucket, string key)
    {
        Bucket = bucket;
        Key = key;
    }

    /// <summary>The bucket name (3–63 characters, S3 naming rules).</summary>
    public string Bucket { get; }

    /// <summary>The object key: '/'-separated, no empty, "." or ".." segments.</summary>
    public string Key { get; }

    /// <summary>Builds an address from its parts, throwing <see cref="ArgumentException"/> when either is invalid.</summary>
    public static ObjectUri Create(string bucket, string key)
    {
        if (ValidateBucket(bucket) is { } bucketError) throw new ArgumentException(bucketError, nameof(bucket));
        if (ValidateKey(key) is { } keyError) throw new ArgumentException(keyError, nameof(key));
        return new ObjectUri(bucket, key);
    }

    /// <summary>Parses <c>s3://bucket/key</c>, throwing <see cref="FormatException"/> with the reason when invalid.</summary>
    public static ObjectUri Parse(string text)
    {
        if (TryParse(text, out var uri, out var error)) return uri;
        throw new FormatException($"Invalid object URI '{text}': {error}");
    }

    /// <summary>Parses <c>s3://bucket/key</c> without throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ObjectUri? uri) => TryParse(text, out uri, out _);

    private static bool TryParse(string? text, [NotNullWhen(true)] out ObjectUri? uri, out string? error)
    {
        uri = null;
        if (text is null || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = "must start with s3://";
            return false;
        }
        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            error = "missing key after the bucket";
            return false;
        }
        var bucket = rest[..slash];
        var key = rest[(slash + 1)..];
        error = ValidateBucket(bucket) ?? ValidateKey(key);
        if (error is not null) return false;
        uri = new ObjectUri(bucket, key);
        return true;
    }

    /// <summary>Returns why <paramref name="bucket"/> is not a valid S3 bucket name, or null when it is.</summary>
    public static string? ValidateBucket(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket)) return "bucket name is empty";
        if (bucket.Length is < 3 or > 63) return $"bucket name '{bucket}' must be 3-63 characters";
        foreach (var c in bucket)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
                return $"bucket name '{bucket}' may only contain lowercase letters, digits, '.' and '-'";
        }
        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
            return $"bucket name '{bucket}' must start and end with a letter or digit";
        if (bucket.Contains("..") || bucket.Contains(".-") || bucket.Contains("-."))
            return $"bucket name '{bucket}' has adjacent '.'/'-' separators";
        // An IP-like name would be ambiguous with a host in virtual-hosted-style URLs, so S3 forbids it.
        if (bucket.Count(c => c == '.') == 3 && IPAddress.TryParse(bucket, out _))
            return $"bucket name '{bucket}' must not look like an IP address";
        if (bucket.StartsWith("xn--", StringComparison.Ordinal) || bucket.StartsWith("sthree-", StringComparison.Ordinal))
            return $"bucket name '{bucket}' uses a reserved prefix";
        if (bucket.EndsWith("-s3alias", StringComparison.Ordinal) || bucket.EndsWith("--ol-s3", StringComparison.Ordinal))
            return $"bucket name '{bucket}' uses a reserved suffix";
        return null;
    }

    /// <summary>Returns why <paramref name="key"/> is not an acceptable object key, or null when it is.</summary>
    public static string? ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) return "key is empty";
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes) return $"key is longer than {MaxKeyBytes} UTF-8 bytes";
        if (key[0] == '/') return "key must not start with '/'";
        if (key.Contains('\\')) return "key must not contain '\\'";
        if (key.Any(char.IsControl)) return "key must not contain control characters";
        foreach (var segment in key.Split('/'))
        {
            // Empty and dot segments collapse or climb when the key becomes a path; refuse them outright.
            if (segment.Length == 0) return "key must not contain empty segments ('//' or a trailing '/')";
            if (segment is "." or "..") return "key must not contain '.' or '..' segments";
        }
        return null;
    }

    /// <summary>Formats as <c>s3://bucket/key</c>.</summary>
    public override string ToString() => $"{Scheme}{Bucket}/{Key}";
}
