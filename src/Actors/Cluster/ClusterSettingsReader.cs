using System.Globalization;
using System.Text.RegularExpressions;
using Config = Akka.Configuration.Config;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Actors.Cluster;

/// <summary>Reads and validates <c>edgelabel.cluster</c>; every problem names its key.</summary>
public static partial class ClusterSettingsReader
{
    public const string Path = "edgelabel.cluster";

    public static ClusterSettings Read(Config hocon, bool enabledByDefault)
    {
        var r = new HoconReader(hocon, Path);
        var enabled = r.Bool("enabled", enabledByDefault);
        var systemName = r.String("system-name", "edgelabel");
        if (!SystemNamePattern().IsMatch(systemName))
            throw new ConfigurationException(r.Path("system-name"), $"'{systemName}' is not a valid ActorSystem name (letters, digits, '-' and '_')");
        var host = Host(r, "host", "127.0.0.1");
        var port = r.Int("port", 4053, 0, 65535);
        var publicHost = r.Has("public-host") && !string.IsNullOrWhiteSpace(hocon.GetString(r.Path("public-host"))) ? Host(r, "public-host", host) : host;
        var publicPort = r.Int("public-port", 0, 0, 65535);
        if (publicPort == 0) publicPort = port;
        var seeds = r.StringList("seeds", []).Select((s, i) => Seed(r.Path($"seeds[{i}]"), s)).ToArray();
        if (enabled && seeds.Length == 0)
            throw new ConfigurationException(r.Path("seeds"), "at least one seed (\"host:port\") is needed to form or join a cluster");
        var roles = r.StringList("roles", []);
        foreach (var role in roles)
            if (!RolePattern().IsMatch(role)) throw new ConfigurationException(r.Path("roles"), $"'{role}' is not a valid role name");
        return new ClusterSettings(enabled, systemName, host, port, publicHost, publicPort, seeds, roles);
    }

    private static string Host(HoconReader r, string key, string fallback)
    {
        var host = r.String(key, fallback);
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new ConfigurationException(r.Path(key), $"'{host}' is not a host name or IP address");
        return host;
    }

    private static ClusterSeed Seed(string path, string text)
    {
        var trimmed = text.Trim();
        // Accept a full Akka address too, as people paste them from logs.
        var match = SeedPattern().Match(trimmed);
        if (!match.Success)
            throw new ConfigurationException(path, $"'{text}' is not a seed; expected \"host:port\" (e.g. \"10.0.0.5:4053\")");
        var host = match.Groups["host"].Value;
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new ConfigurationException(path, $"'{host}' is not a host name or IP address");
        var port = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
        if (port is < 1 or > 65535) throw new ConfigurationException(path, $"port {port} is outside 1..65535");
        return new ClusterSeed(host, port);
    }

    [GeneratedRegex(@"^(akka\.tcp://[A-Za-z0-9_-]+@)?(?<host>[^:/@\s]+):(?<port>\d{1,5})$")]
    private static partial Regex SeedPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SystemNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
    private static partial Regex RolePattern();
}
