using System.Text.Json;

namespace EdgeLabel.GroundTruth.Embedded;

/// <summary>Reads a Ground Truth label category configuration file (<c>{"document-version":"2018-11-28","labels":[{"label":"x"}]}</c>):
/// the class names in class-id order.</summary>
public static class LabelCategoryConfig
{
    public const int MaxLabels = 50;

    /// <summary>The labels, or the reason the file is unusable.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out IReadOnlyList<string> labels, out string problem)
    {
        labels = [];
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("labels", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                problem = "the label category configuration has no 'labels' array";
                return false;
            }
            var names = new List<string>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("label", out var label) ||
                    label.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(label.GetString()))
                {
                    problem = $"label {names.Count + 1} of the label category configuration has no non-empty 'label'";
                    return false;
                }
                names.Add(label.GetString()!);
            }
            if (names.Count == 0 || names.Count > MaxLabels)
            {
                problem = $"the label category configuration has {names.Count} labels; 1-{MaxLabels} allowed";
                return false;
            }
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                problem = "the label category configuration repeats a label";
                return false;
            }
            labels = names;
            problem = "";
            return true;
        }
        catch (JsonException e)
        {
            problem = $"the label category configuration is not valid JSON ({e.Message})";
            return false;
        }
    }
}
