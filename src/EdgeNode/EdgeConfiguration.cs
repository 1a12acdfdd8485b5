using Akka.Configuration;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.EdgeNode;

/// <summary>Loads an edge node's HOCON (site file over the shipped edge.conf) and binds the typed settings.</summary>
public static class EdgeConfiguration
{
    public static (EdgeSettings Settings, Config Hocon) Load(string? siteFile)
    {
        var defaults = Path.Combine(ConfigLoader.HoconDirectory(), "edge.conf");
        var hocon = ConfigLoader.Load(siteFile, defaults);
        return (ConfigValidator.ReadRefusingUnknownKeys(siteFile, hocon, defaults, h => EdgeSettingsReader.Read(h, Directory.GetCurrentDirectory())), hocon);
    }
}
