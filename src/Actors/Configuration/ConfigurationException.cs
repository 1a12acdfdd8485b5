namespace EdgeLabel.Actors.Configuration;

/// <summary>A configuration problem, always naming the HOCON key path (or file) at fault.</summary>
public sealed class ConfigurationException(string keyPath, string problem, Exception? inner = null)
    : Exception($"{keyPath}: {problem}", inner)
{
    public string KeyPath { get; } = keyPath;
}
