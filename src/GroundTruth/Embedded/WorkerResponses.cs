using System.Text.Json;

namespace EdgeLabel.GroundTruth.Embedded;

/// <summary>Reads who answered what from a job's <c>annotations/worker-response/iteration-N/&lt;index&gt;/&lt;time&gt;.json</c>
/// files (the output manifest does not name workers). Real Ground Truth and the embedded service write the same shape:
/// <c>{"answers":[{"workerId":…,"answerContent":…}]}</c>.</summary>
public static class WorkerResponses
{
    private const string Folder = "annotations/worker-response/";

    /// <summary>The key prefix of every worker-response file of the job whose output manifest has key
    /// <paramref name="outputManifestKey"/> (…/{job}/manifests/output/output.manifest), for listing.</summary>
    public static string KeyPrefixBeside(string outputManifestKey) =>
        outputManifestKey.EndsWith(GroundTruthOutput.OutputManifestKey, StringComparison.Ordinal)
            ? outputManifestKey[..^GroundTruthOutput.OutputManifestKey.Length] + Folder
            : throw new ArgumentException($"'{outputManifestKey}' does not end with {GroundTruthOutput.OutputManifestKey}", nameof(outputManifestKey));

    /// <summary>The data object index a worker-response key is about, or null for any other key.</summary>
    public static int? DataObjectIndex(string key)
    {
        var at = key.IndexOf(Folder, StringComparison.Ordinal);
        if (at < 0) return null;
        // iteration-N/<index>/<file>.json
        var parts = key[(at + Folder.Length)..].Split('/');
        return parts.Length == 3 && parts[0].StartsWith("iteration-", StringComparison.Ordinal) && parts[2].EndsWith(".json", StringComparison.Ordinal) &&
               int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    /// <summary>The worker ids of one file, in answer order; empty when the file is not the expected JSON.</summary>
    public static IReadOnlyList<string> Workers(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("answers", out var answers) ||
                answers.ValueKind != JsonValueKind.Array) return [];
            return answers.EnumerateArray()
                .Select(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("workerId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                .OfType<string>()
                .Where(id => id.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
