using System.Text;
using EdgeLabel.GroundTruth.Signing;

namespace EdgeLabel.GroundTruth.Tests.Support;

/// <summary>An HTTP/1.1 request exactly as it was on the wire: request line, headers in order (names as sent) and
/// the body bytes.</summary>
public sealed record RawHttpRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];
    public string? Query => Target.Split('?', 2) is [_, var q] ? q : null;
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IncomingRequest ToIncoming() => new(Method, Path, Query, Headers, Body);

    public RawHttpRequest WithHeader(string name, string value) =>
        this with { Headers = Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Append(new(name, value)).ToList() };

    /// <summary>Parses a capture file: request line, headers, a blank line, then Content-Length bytes of body
    /// (the file may end with a newline that is not part of the body).</summary>
    public static RawHttpRequest ParseCapture(string file)
    {
        // The captures live in ../shared beside the repository (reference material, not copied into it).
        if (!File.Exists(file)) Assert.Skip($"the JS SDK capture {file} is not here (../shared/reference/sagemaker-wire is absent)");
        var bytes = File.ReadAllBytes(file);
        var text = Encoding.UTF8.GetString(bytes);
        var separator = text.Contains("\r\n\r\n") ? "\r\n\r\n" : "\n\n";
        var end = text.IndexOf(separator, StringComparison.Ordinal);
        if (end < 0) throw new FormatException($"{file}: no blank line after the headers");
        var request = Parse(text[..end]);
        var bodyStart = Encoding.UTF8.GetByteCount(text[..end]) + separator.Length;
        var length = int.Parse(request.Header("content-length") ?? throw new FormatException($"{file}: no content-length"));
        return request with { Body = bytes.AsSpan(bodyStart, length).ToArray() };
    }

    /// <summary>The request line and headers of a head block (lines separated by CRLF or LF), with no body.</summary>
    public static RawHttpRequest Parse(string head)
    {
        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var colon = l.IndexOf(':');
            return new KeyValuePair<string, string>(l[..colon], l[(colon + 1)..].Trim());
        }).ToList();
        return new RawHttpRequest(requestLine[0], requestLine[1], headers, []);
    }
}
