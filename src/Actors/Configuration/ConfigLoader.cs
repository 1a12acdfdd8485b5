using Akka.Configuration;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Loads a node's HOCON: the given file on top of the shipped defaults (<c>hocon/&lt;kind&gt;.conf</c>),
/// with a syntax error reported as the file and the parser's position; environment overrides
/// (<see cref="EnvironmentOverrides"/>) on top of both.</summary>
public static class ConfigLoader
{
    public static Config Load(string? file, string defaultsFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var defaults = Parse(defaultsFile);
        var config = file is null ? defaults : Parse(file).WithFallback(defaults);
        // The shipped cloud.conf is the only defaults file with edgelabel.cloud: it says which node's keys to override.
        var kind = defaults.HasPath("edgelabel.cloud") ? NodeKind.Cloud : NodeKind.Edge;
        var overrides = EnvironmentOverrides.From(environment ?? EnvironmentOverrides.Current(), kind);
        return overrides is null ? config : overrides.WithFallback(config);
    }

    public static Config Parse(string file)
    {
        if (!File.Exists(file)) throw new ConfigurationException(file, "configuration file not found");
        var text = File.ReadAllText(file);
        if (HoconBracketCheck.Find(text) is { } problem)
            throw new ConfigurationException(file, $"not valid HOCON: {problem}");
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new ConfigurationException(file, $"not valid HOCON: {e.Message}", e);
        }
    }

    /// <summary>The folder holding the shipped HOCON files: next to the binary, else the repository's hocon/.</summary>
    public static string HoconDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "hocon");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "hocon"))) return Path.Combine(dir.FullName, "hocon");
        throw new ConfigurationException("hocon/", "shipped configuration folder not found");
    }
}
