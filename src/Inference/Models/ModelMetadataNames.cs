using System.Text.RegularExpressions;

namespace EdgeLabel.Inference.Models;

/// <summary>Reads class names from ONNX custom metadata, as Ultralytics exports write them ("names": "{0: 'person', …}").</summary>
internal static partial class ModelMetadataNames
{
    public static IReadOnlyList<string>? Parse(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue("names", out var text)) return null;
        var pairs = Entry().Matches(text).Select(m => (Id: int.Parse(m.Groups[1].Value), Name: m.Groups[2].Value)).ToList();
        if (pairs.Count == 0) return null;
        var names = new string[pairs.Max(p => p.Id) + 1];
        for (int i = 0; i < names.Length; i++) names[i] = $"class{i}";
        foreach (var (id, name) in pairs) names[id] = name;
        return names;
    }

    [GeneratedRegex("""(\d+)\s*:\s*['"]([^'"]*)['"]""")]
    private static partial Regex Entry();
}
