using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeLabel.GroundTruth.Embedded;

/// <summary>One data object of an input manifest: its position among the non-blank lines, its <c>source-ref</c>, the
/// line as written, and why it cannot be labeled (a malformed line) when it cannot.</summary>
public sealed record ManifestEntry(int Index, string? SourceRef, string Line, string? Problem)
{
    public bool IsValid => Problem is null;
}

/// <summary>Reads a Ground Truth input manifest (JSON Lines, one object per line with a <c>source-ref</c>). A bad line
/// fails only its own data object; every other key of a line is passed through untouched, as Ground Truth does.</summary>
public static class InputManifest
{
    public const string SourceRefKey = "source-ref";

    /// <summary>The key under which EdgeLabel's job actors put the machine's boxes for the labelers to start from.</summary>
    public const string PreAnnotationsKey = "edgelabel-pre-annotations";

    /// <summary>The non-blank lines of <paramref name="utf8"/> as entries; <paramref name="sourceRefProblem"/> says why a
    /// <c>source-ref</c> is unusable (not an object URI this service can read), or null.</summary>
    public static IReadOnlyList<ManifestEntry> Parse(ReadOnlySpan<byte> utf8, Func<string, string?> sourceRefProblem)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var entries = new List<ManifestEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            entries.Add(ParseLine(entries.Count, line, sourceRefProblem));
        }
        return entries;
    }

    private static ManifestEntry ParseLine(int index, string line, Func<string, string?> sourceRefProblem)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            return new ManifestEntry(index, null, line, $"ClientError: line {index + 1} of the input manifest is not valid JSON ({e.Message})");
        }
        if (node is not JsonObject obj)
            return new ManifestEntry(index, null, line, $"ClientError: line {index + 1} of the input manifest is not a JSON object");
        if (!obj.TryGetPropertyValue(SourceRefKey, out var sourceNode) || sourceNode is not JsonValue value ||
            !value.TryGetValue<string>(out var sourceRef) || string.IsNullOrWhiteSpace(sourceRef))
            return new ManifestEntry(index, null, line, $"ClientError: line {index + 1} of the input manifest has no string '{SourceRefKey}'");
        if (sourceRefProblem(sourceRef) is { } problem)
            return new ManifestEntry(index, sourceRef, line, $"ClientError: line {index + 1}: {problem}");
        return new ManifestEntry(index, sourceRef, line, null);
    }

    /// <summary>Every key of a valid line except <c>source-ref</c>, as JSON text (an object; <c>{}</c> when none).</summary>
    public static string ExtraKeys(string line)
    {
        if (JsonNode.Parse(line) is not JsonObject obj) return "{}";
        obj.Remove(SourceRefKey);
        return obj.ToJsonString();
    }
}
