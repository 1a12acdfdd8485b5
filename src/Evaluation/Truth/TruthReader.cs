using System.Text.Json;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Reads truth files of any supported format, detecting each file's format by extension and content.</summary>
public static class TruthReader
{
    /// <summary>Reads and merges several truth files (e.g. dlib's training.xml and testing.xml).</summary>
    public static GroundTruthSet ReadAll(IEnumerable<string> paths) => GroundTruthSet.Merge(paths.Select(p => Read(p)));

    public static GroundTruthSet Read(string path, TruthFormat? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"truth file '{path}' does not exist", path);
        return (format ?? Detect(path)) switch
        {
            TruthFormat.DlibXml => DlibXmlReader.Read(path),
            TruthFormat.CocoJson => CocoJsonReader.Read(path),
            _ => GroundTruthManifestReader.Read(path),
        };
    }

    /// <summary>".xml" is dlib; ".jsonl"/".manifest" are Ground Truth; otherwise the content decides: '&lt;' starts
    /// XML, and a JSON object with "images" and "annotations" arrays is COCO, anything else JSON a manifest.</summary>
    public static TruthFormat Detect(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".xml": return TruthFormat.DlibXml;
            case ".jsonl" or ".manifest": return TruthFormat.GroundTruthManifest;
        }
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Peek()) >= 0 && char.IsWhiteSpace((char)c)) reader.Read();
        if (c == '<') return TruthFormat.DlibXml;
        var firstLine = reader.ReadLine() ?? "";
        if (firstLine.Contains("\"source-ref\"", StringComparison.Ordinal)) return TruthFormat.GroundTruthManifest;
        reader.BaseStream.Position = 0;
        reader.DiscardBufferedData();
        try
        {
            using var doc = JsonDocument.Parse(reader.BaseStream);
            return JsonFields.Array(doc.RootElement, "images") is not null && JsonFields.Array(doc.RootElement, "annotations") is not null
                ? TruthFormat.CocoJson
                : TruthFormat.GroundTruthManifest;
        }
        catch (JsonException)
        {
            // Several JSON values or a broken line: only a manifest can be like that, and its reader reports the lines.
            return TruthFormat.GroundTruthManifest;
        }
    }
}
