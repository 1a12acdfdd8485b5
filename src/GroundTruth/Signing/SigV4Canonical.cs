using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeLabel.GroundTruth.Signing;

/// <summary>The pieces of a SigV4 canonical request, shared by the client's signer and the service's verifier so
/// both sides canonicalize identically. The signature itself is always AWSSDK.Core's <c>AWS4Signer</c>.</summary>
public static class SigV4Canonical
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";
    public const string ScopeTerminator = "aws4_request";

    /// <summary>Method, path, query, the signed headers (lower-cased names, sorted), the signed-header list and the payload hash.</summary>
    public static string Request(string method, string canonicalPath, string canonicalQuery,
        IReadOnlyList<KeyValuePair<string, string>> signedHeaders, string payloadHash)
    {
        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n');
        sb.Append(canonicalPath).Append('\n');
        sb.Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in signedHeaders) sb.Append(name).Append(':').Append(value).Append('\n');
        sb.Append('\n');
        sb.Append(SignedHeaderList(signedHeaders)).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>Groups headers by lower-cased name (values of repeated headers joined by commas), trims and collapses
    /// whitespace in values, and sorts by name.</summary>
    public static List<KeyValuePair<string, string>> Headers(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.GroupBy(h => h.Key.Trim().ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, string>(g.Key, string.Join(',', g.Select(h => HeaderValue(h.Value)))))
            .ToList();

    public static string SignedHeaderList(IEnumerable<KeyValuePair<string, string>> sortedHeaders) =>
        string.Join(';', sortedHeaders.Select(h => h.Key));

    /// <summary>Leading/trailing whitespace removed, runs of spaces collapsed to one.</summary>
    public static string HeaderValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                if (!space) sb.Append(' ');
                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>The canonical URI of a raw (already percent-encoded) request path for every service except S3:
    /// dot segments removed, then each segment percent-encoded again, as the AWS SDKs do.</summary>
    public static string Path(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath)) return "/";
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var path = "/" + string.Join('/', segments.Select(s => UriEncode(s)));
        if (rawPath.EndsWith('/') && segments.Count > 0) path += "/";
        return path;
    }

    /// <summary>The canonical query of a raw query string (without '?'): pairs decoded, re-encoded per RFC 3986,
    /// sorted by name then value.</summary>
    public static string Query(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return "";
        var pairs = rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=');
                var name = eq < 0 ? p : p[..eq];
                var value = eq < 0 ? "" : p[(eq + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters, upper-case hex.</summary>
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~' ||
                (c == '/' && !encodeSlash))
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>, the payload hash of the canonical request.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string FormatDate(DateTime utc) => utc.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string? value, out DateTime utc) =>
        DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);
}
