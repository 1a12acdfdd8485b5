using System.Text.Json;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>One line of <c>decisions export</c>.</summary>
internal sealed record ExportedDecision(long Seq, string Kind, string Id, string Camera, string Origin, string Extension,
    string? Route, string? Reason, string? Detail, string Line);

/// <summary>Runs <c>decisions export</c> for a site file and reads the JSON Lines it writes.</summary>
internal static class DecisionExportFile
{
    public static async Task<IReadOnlyList<ExportedDecision>> ExportAsync(string configFile, string workingDirectory)
    {
        var output = Path.Combine(workingDirectory, $"decisions-{Guid.NewGuid():N}.jsonl");
        using var export = await NodeProcess.RunToEndAsync(workingDirectory, TimeSpan.FromSeconds(60),
            "decisions", "export", "--config", configFile, "--out", output);
        Assert.True(export.ExitCode == 0, $"decisions export failed with exit code {export.ExitCode}.\n{export.Log}");
        Assert.True(File.Exists(output), $"decisions export wrote no {output}.\n{export.Log}");
        return Read(output);
    }

    public static IReadOnlyList<ExportedDecision> Read(string file)
    {
        var decisions = new List<ExportedDecision>();
        foreach (var line in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var source = root.GetProperty("source");
            decisions.Add(new ExportedDecision(
                root.GetProperty("seq").GetInt64(),
                root.GetProperty("kind").GetString()!,
                root.GetProperty("id").GetString()!,
                source.GetProperty("camera").GetString()!,
                source.GetProperty("origin").GetString()!,
                source.GetProperty("extension").GetString()!,
                Optional(root, "route"),
                Optional(root, "reason"),
                Optional(root, "detail"),
                line));
        }
        return decisions;
    }

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
