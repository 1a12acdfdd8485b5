using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.CloudNode;

/// <summary>Loads a cloud node's HOCON (deployment file over the shipped cloud.conf, environment on top) and binds it.</summary>
public static class CloudConfiguration
{
    public static (CloudSettings Settings, Akka.Configuration.Config Hocon) Load(string? file)
    {
        var hocon = ConfigLoader.Load(file, Path.Combine(ConfigLoader.HoconDirectory(), "cloud.conf"));
        return (CloudSettingsReader.Read(hocon, Directory.GetCurrentDirectory()), hocon);
    }
}
