using System.Collections.Frozen;
using System.Reflection;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>The portal's pages, script and style, embedded in this assembly (Portal/Assets/*): served by the node
/// itself, nothing from a CDN, so the portal works air-gapped.</summary>
public static class PortalAssets
{
    private const string Prefix = "portal/";

    // Scripts and styles only from this node; images from the task image endpoint (and blob: for none); no framing.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
        "base-uri 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The file's bytes and content type, or null for a name that is not an asset (no paths: a flat whitelist).</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name) =>
        Files.TryGetValue(name, out var bytes) ? (bytes, ContentType(name)) : null;

    public static IResult Serve(HttpContext http, string name)
    {
        if (Find(name) is not { } asset) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[Prefix.Length..]] = buffer.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
