using System.Collections;
using System.Text;
using Akka.Configuration;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Environment variables over the HOCON files, for containers and process managers: the topology keys that
/// differ per instance by name, and <c>EDGELABEL_HOCON</c> for anything else (HOCON text, applied last).</summary>
public static class EnvironmentOverrides
{
    /// <summary>Variable → HOCON key of an edge node. Lists are comma-separated.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["EDGELABEL_SITE"] = "edgelabel.site",
        ["EDGELABEL_CLUSTER_HOST"] = "edgelabel.cluster.host",
        ["EDGELABEL_CLUSTER_PORT"] = "edgelabel.cluster.port",
        ["EDGELABEL_CLUSTER_PUBLIC_HOST"] = "edgelabel.cluster.public-host",
        ["EDGELABEL_CLUSTER_PUBLIC_PORT"] = "edgelabel.cluster.public-port",
        ["EDGELABEL_CLUSTER_SEEDS"] = "edgelabel.cluster.seeds",
        ["EDGELABEL_HTTP_URL"] = "edgelabel.http.url",
    };

    /// <summary>Variable → HOCON key of a cloud node: as an edge's, but its HTTP address lives under <c>edgelabel.cloud</c>
    /// (set at <c>edgelabel.http.url</c> nothing would read it, and the node would listen on its file's address).</summary>
    public static readonly IReadOnlyDictionary<string, string> CloudKeys =
        Keys.ToDictionary(k => k.Key, k => k.Key == "EDGELABEL_HTTP_URL" ? "edgelabel.cloud.http.url" : k.Value);

    public const string HoconVariable = "EDGELABEL_HOCON";

    public static IReadOnlyDictionary<string, string> Current()
    {
        var result = new Dictionary<string, string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && k.StartsWith("EDGELABEL_", StringComparison.Ordinal) && e.Value is string v) result[k] = v;
        return result;
    }

    /// <summary>The overrides as a HOCON layer for a node of <paramref name="kind"/>, or null when no variable is set.</summary>
    public static Config? From(IReadOnlyDictionary<string, string> environment, NodeKind kind = NodeKind.Edge)
    {
        var text = new StringBuilder();
        foreach (var (variable, key) in kind == NodeKind.Cloud ? CloudKeys : Keys)
        {
            if (!environment.TryGetValue(variable, out var value) || string.IsNullOrWhiteSpace(value)) continue;
            text.AppendLine(key.EndsWith(".seeds", StringComparison.Ordinal)
                ? $"{key} = [{string.Join(", ", value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Quote))}]"
                : $"{key} = {Quote(value.Trim())}");
        }
        Config? layer = text.Length == 0 ? null : ConfigurationFactory.ParseString(text.ToString());
        if (environment.TryGetValue(HoconVariable, out var hocon) && !string.IsNullOrWhiteSpace(hocon))
        {
            if (HoconBracketCheck.Find(hocon) is { } problem)
                throw new ConfigurationException(HoconVariable, $"not valid HOCON: {problem}");
            Config parsed;
            try
            {
                parsed = ConfigurationFactory.ParseString(hocon);
            }
            catch (Exception e)
            {
                throw new ConfigurationException(HoconVariable, $"not valid HOCON: {e.Message}", e);
            }
            layer = layer is null ? parsed : parsed.WithFallback(layer);
        }
        return layer;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
