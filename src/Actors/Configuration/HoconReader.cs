using System.Globalization;
using Akka.Configuration;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Typed reads from a HOCON tree that fail with the full key path and what was expected, instead of
/// Akka's generic conversion errors.</summary>
public sealed class HoconReader(Config config, string prefix)
{
    public string Prefix => prefix;

    public Config Config => config;

    public string Path(string key) => string.IsNullOrEmpty(prefix) ? key : $"{prefix}.{key}";

    public HoconReader At(string key) => new(config, Path(key));

    public bool Has(string key) => config.HasPath(Noted(key));

    /// <summary>The full path of a key this reader consumes (noted for <see cref="ConfigKeyUsage"/>, which finds the
    /// keys of a file that nothing reads: misspelt or obsolete).</summary>
    private string Noted(string key)
    {
        var path = Path(key);
        ConfigKeyUsage.Note(path);
        return path;
    }

    public string String(string key, string? fallback = null)
    {
        var path = Noted(key);
        if (!config.HasPath(path))
            return fallback ?? throw new ConfigurationException(path, "is required but missing");
        var value = config.GetString(path);
        if (string.IsNullOrWhiteSpace(value))
            return fallback ?? throw new ConfigurationException(path, "must not be empty");
        return value;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        (int)Number(key, fallback, min, max, integer: true);

    public long Long(string key, long fallback, long min = long.MinValue, long max = long.MaxValue) =>
        (long)Number(key, fallback, min, max, integer: true);

    public double Double(string key, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        Number(key, fallback, min, max, integer: false);

    public bool Bool(string key, bool fallback)
    {
        var path = Noted(key);
        if (!config.HasPath(path)) return fallback;
        return config.GetString(path)?.Trim().ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            var other => throw new ConfigurationException(path, $"expected on/off (true/false), got '{other}'"),
        };
    }

    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan? min = null)
    {
        var path = Noted(key);
        if (!config.HasPath(path)) return fallback;
        TimeSpan value;
        try
        {
            value = config.GetTimeSpan(path, fallback, allowInfinite: false);
        }
        catch (Exception e)
        {
            throw new ConfigurationException(path, $"expected a duration such as 500ms, 2s or 1m, got '{config.GetString(path)}'", e);
        }
        if (min is { } m && value < m)
            throw new ConfigurationException(path, $"must be at least {m}, got {value}");
        return value;
    }

    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback)
    {
        var path = Noted(key);
        if (!config.HasPath(path)) return fallback;
        try
        {
            return config.GetStringList(path).ToArray();
        }
        catch (Exception e)
        {
            throw new ConfigurationException(path, "expected a list of strings such as [a, b]", e);
        }
    }

    public T Enum<T>(string key, T fallback) where T : struct, System.Enum
    {
        var path = Noted(key);
        if (!config.HasPath(path)) return fallback;
        var raw = config.GetString(path) ?? "";
        var normalized = raw.Replace("-", "").Replace("_", "");
        if (System.Enum.TryParse<T>(normalized, ignoreCase: true, out var value) && System.Enum.IsDefined(value)) return value;
        var allowed = string.Join(", ", System.Enum.GetNames<T>().Select(Kebab));
        throw new ConfigurationException(path, $"unknown value '{raw}'; expected one of: {allowed}");
    }

    /// <summary>The keys of an object node, e.g. the camera names under <c>edgelabel.cameras</c>.</summary>
    public IReadOnlyList<string> Keys(string key)
    {
        var path = Noted(key);
        if (!config.HasPath(path)) return [];
        var value = config.GetValue(path);
        if (!value.IsObject())
            throw new ConfigurationException(path, "expected an object of named entries { name { ... } }");
        return value.GetObject().Items.Keys.ToArray();
    }

    private double Number(string key, double fallback, double min, double max, bool integer)
    {
        var path = Noted(key);
        if (!config.HasPath(path)) return fallback;
        var raw = config.GetString(path);
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || (integer && value != Math.Floor(value)))
            throw new ConfigurationException(path, $"expected {(integer ? "an integer" : "a number")}, got '{raw}'");
        if (value < min || value > max)
            throw new ConfigurationException(path, max >= int.MaxValue
                ? $"must be at least {min.ToString(CultureInfo.InvariantCulture)}, got {raw}"
                : $"must be within [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], got {raw}");
        return value;
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
