using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>Writes a site HOCON file for one test. Every path is absolute (the node resolves relative paths
/// against its working directory); <see cref="Extra"/> lines go inside <c>edgelabel { }</c> verbatim.</summary>
internal sealed class SiteConfig
{
    public required string Site { get; init; }
    public required string DataDir { get; init; }
    public string ModelPath { get; init; } = TestData.ModelPath;

    /// <summary>Camera blocks by name, e.g. <c>["gate"] = "type = directory, path = \"/tmp/x\""</c>.</summary>
    public Dictionary<string, string> Cameras { get; init; } = [];

    public List<string> Extra { get; init; } = [];

    /// <summary>Off unless a test is about uploads: then the spool keeps every image, which the decision tests check.
    /// When on, <see cref="Extra"/> should name the store (a local root or an S3 endpoint).</summary>
    public bool Uploads { get; init; }

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string DirectoryCamera(string path, string pollInterval = "200ms") =>
        $"type = directory, path = {Quote(path)}, poll-interval = {pollInterval}";

    /// <summary>Writes the file with the node's HTTP endpoint on <paramref name="port"/>; returns its path.</summary>
    public string Write(string file, int port)
    {
        var text = new StringBuilder();
        text.AppendLine("edgelabel {");
        text.AppendLine($"  site = {Quote(Site)}");
        text.AppendLine($"  data-dir = {Quote(DataDir)}");
        text.AppendLine($"  model.path = {Quote(ModelPath)}");
        text.AppendLine($"  http.url = {Quote($"http://127.0.0.1:{port}")}");
        text.AppendLine($"  upload.enabled = {(Uploads ? "on" : "off")}");
        text.AppendLine($"  store.local-root = {Quote(Path.Combine(DataDir, "object-store"))}");
        text.AppendLine("  cameras {");
        foreach (var (name, body) in Cameras) text.AppendLine($"    {name} {{ {body} }}");
        text.AppendLine("  }");
        foreach (var line in Extra) text.AppendLine("  " + line);
        text.AppendLine("}");
        File.WriteAllText(file, text.ToString());
        return file;
    }
}
