using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.CloudNode;

/// <summary>Loads a cloud node's HOCON (deployment file over the shipped cloud.conf, environment on top) and binds it.</summary>
public static class CloudConfiguration
{
    public static (CloudSettings Settings, Akka.Configuration.Config Hocon) Load(string? file)
    {
        var defaults = Path.Combine(ConfigLoader.HoconDirectory(), "cloud.conf");
        var hocon = ConfigLoader.Load(file, defaults);
        return (ConfigValidator.ReadRefusingUnknownKeys(file, hocon, defaults, h => CloudSettingsReader.Read(h, Directory.GetCurrentDirectory())), hocon);
    }
}
