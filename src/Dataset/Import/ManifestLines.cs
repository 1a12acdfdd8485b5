using System.Text.Json;

namespace EdgeLabel.Dataset.Import;

/// <summary>Splits a manifest into its JSON values. JSON Lines is read line by line so one bad line costs only
/// itself; a file of pretty-printed objects (as the Ground Truth developer guide prints them) is read as a sequence.</summary>
/// <remarks>Linear in the file size: a first pass only tokenizes (no documents) to tell the two layouts apart.</remarks>
public static class ManifestLines
{
    public static IEnumerable<ManifestRecord> Read(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var text = new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start);
        return IsMultiLineSequence(text.Span) ? ReadSequence(text) : ReadLines(text);
    }

    /// <summary>True when the whole text is a sequence of JSON values and at least one of them spans several lines.</summary>
    private static bool IsMultiLineSequence(ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { AllowMultipleValues = true });
        var multiLine = false;
        try
        {
            while (reader.Read())
            {
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                multiLine = multiLine || text[valueStart..(int)reader.BytesConsumed].Contains((byte)'\n');
            }
            return multiLine;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IEnumerable<ManifestRecord> ReadLines(ReadOnlyMemory<byte> text)
    {
        var lineNumber = 0;
        var rest = text;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            yield return ParseLine(lineNumber, line);
        }
    }

    private static ManifestRecord ParseLine(int lineNumber, ReadOnlyMemory<byte> line)
    {
        try
        {
            return new ManifestRecord(lineNumber, JsonDocument.Parse(line), null);
        }
        catch (JsonException e)
        {
            return new ManifestRecord(lineNumber, null, e.Message);
        }
    }

    /// <summary>Only called once the text is known to be a valid sequence; pretty-printed files are small examples.</summary>
    private static List<ManifestRecord> ReadSequence(ReadOnlyMemory<byte> text)
    {
        var values = new List<ManifestRecord>();
        var reader = new Utf8JsonReader(text.Span, new JsonReaderOptions { AllowMultipleValues = true });
        var line = 1;
        var counted = 0;
        while (reader.Read())
        {
            // Newlines are counted only since the previous value, keeping this linear.
            var valueStart = (int)reader.TokenStartIndex;
            line += text.Span[counted..valueStart].Count((byte)'\n');
            counted = valueStart;
            values.Add(new ManifestRecord(line, JsonDocument.ParseValue(ref reader), null));
        }
        return values;
    }
}
