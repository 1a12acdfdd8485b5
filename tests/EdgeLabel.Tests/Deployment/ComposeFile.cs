using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeLabel.Tests.Deployment;

/// <summary>A published or exposed port of a compose service: <see cref="Target"/> is the container's.</summary>
public sealed record ComposePort(int? Published, int Target);

/// <summary>A mount of a compose service: a named volume, or a bind mount of <see cref="Source"/> (as written).</summary>
public sealed record ComposeVolume(string Source, string Target, bool Named);

/// <summary>One service of a compose file, with the values a deployment check needs. <see cref="Environment"/> is
/// interpolated from the variables (as docker compose does with its .env); <see cref="RawEnvironment"/> is as written.</summary>
public sealed record ComposeService(
    string Name,
    string? Image,
    string? BuildContext,
    string? Dockerfile,
    string? User,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> RawEnvironment,
    IReadOnlyList<ComposePort> Ports,
    IReadOnlyList<int> Expose,
    IReadOnlyList<ComposeVolume> Volumes,
    IReadOnlyList<string> Healthcheck);

/// <summary>The parts of a docker compose file that EdgeLabel's deployment checks read: YAML merge keys (<c>&lt;&lt;: *x</c>)
/// resolved and <c>${VAR}</c> references interpolated, as compose does. Only the syntax compose accepts for these keys
/// is understood (short and long forms of ports and volumes, environment as a map or a list).</summary>
public sealed partial class ComposeFile
{
    private ComposeFile(IReadOnlyList<ComposeService> services, IReadOnlySet<string> volumes, IReadOnlyList<string> problems)
    {
        Services = services;
        Volumes = volumes;
        Problems = problems;
    }

    public IReadOnlyList<ComposeService> Services { get; }

    /// <summary>The named volumes declared at the top level.</summary>
    public IReadOnlySet<string> Volumes { get; }

    /// <summary>What could not be read or interpolated (a variable that is not set, a port that is no number).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads an env file as compose does: <c>KEY=VALUE</c> lines, <c>#</c> comments.</summary>
    public static IReadOnlyDictionary<string, string> ReadEnvFile(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .ToDictionary(l => l[..l.IndexOf('=')].Trim(), l => l[(l.IndexOf('=') + 1)..].Trim(), StringComparer.Ordinal);

    public static ComposeFile Parse(string yaml, IReadOnlyDictionary<string, string> variables)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(yaml))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var problems = new List<string>();
        var services = new List<ComposeService>();
        foreach (var (key, node) in Map(root, "services")?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = ((YamlScalarNode)key).Value!;
            var service = (YamlMappingNode)node;
            string Resolve(string text) => Interpolate(text, variables, name, problems);
            var raw = Environment(service);
            var build = service.Children.TryGetValue("build", out var b) ? b : null;
            services.Add(new ComposeService(
                name,
                Scalar(service, "image") is { } image ? Resolve(image) : null,
                build is YamlScalarNode context ? context.Value : build is YamlMappingNode bm ? Scalar(bm, "context") ?? "." : null,
                build is YamlMappingNode bd ? Scalar(bd, "dockerfile") ?? "Dockerfile" : build is null ? null : "Dockerfile",
                Scalar(service, "user"),
                Strings(service, "command").Select(Resolve).ToList(),
                raw.ToDictionary(e => e.Key, e => Resolve(e.Value), StringComparer.Ordinal),
                raw,
                Nodes(service, "ports").Select(p => Port(p, name, problems)).OfType<ComposePort>().ToList(),
                Nodes(service, "expose").Select(e => Number(PortText(((YamlScalarNode)e).Value!), name, problems)).OfType<int>().ToList(),
                Nodes(service, "volumes").Select(Volume).ToList(),
                service.Children.TryGetValue("healthcheck", out var h) && h is YamlMappingNode hm ? Strings(hm, "test") : []));
        }
        var volumes = (Map(root, "volumes")?.Children.Keys ?? Enumerable.Empty<YamlNode>()).Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
        return new ComposeFile(services, volumes, problems);
    }

    // ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $VAR; $$ is a literal $.
    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();

    /// <summary>True when <paramref name="text"/> is nothing but one <c>${VAR}</c> reference.</summary>
    public static bool IsReference(string text) => Reference().Match(text) is { Success: true } m && m.Length == text.Length && m.Value != "$$";

    private static string Interpolate(string text, IReadOnlyDictionary<string, string> variables, string where, List<string> problems) =>
        Reference().Replace(text, m =>
        {
            if (m.Value == "$$") return "$";
            var name = m.Groups["bare"].Success ? m.Groups["bare"].Value : m.Groups["name"].Value;
            if (variables.TryGetValue(name, out var value) && value.Length > 0) return value;
            var op = m.Groups["op"].Value;
            if (op.EndsWith('-')) return m.Groups["arg"].Value;
            problems.Add($"{where}: variable {name} is not set (it belongs in the env file)");
            return "";
        });

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s ? s.Value : null;

    private static IEnumerable<YamlNode> Nodes(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode list ? list.Children : [];

    // A list, or a string split on blanks (compose's string form of command and healthcheck.test).
    private static IReadOnlyList<string> Strings(YamlMappingNode node, string key) =>
        !node.Children.TryGetValue(key, out var value) ? []
        : value is YamlSequenceNode list ? list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList()
        : ((YamlScalarNode)value).Value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static Dictionary<string, string> Environment(YamlMappingNode service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!service.Children.TryGetValue("environment", out var env)) return result;
        if (env is YamlMappingNode map)
            foreach (var (k, v) in map.Children) result[((YamlScalarNode)k).Value!] = (v as YamlScalarNode)?.Value ?? "";
        else if (env is YamlSequenceNode list)
            foreach (var item in list.Children.Select(c => ((YamlScalarNode)c).Value ?? ""))
                result[item.Split('=')[0]] = item.Contains('=') ? item[(item.IndexOf('=') + 1)..] : "";
        return result;
    }

    // "8080", "5081:5080", "127.0.0.1:9001:9001", "5080/tcp", or { target, published }.
    private static ComposePort? Port(YamlNode node, string service, List<string> problems)
    {
        if (node is YamlMappingNode map)
        {
            var target = Number(Scalar(map, "target") ?? "", service, problems);
            return target is null ? null : new ComposePort(Scalar(map, "published") is { } p ? Number(p, service, problems) : null, target.Value);
        }
        var parts = PortText(((YamlScalarNode)node).Value!).Split(':');
        var container = Number(parts[^1], service, problems);
        return container is null ? null : new ComposePort(parts.Length > 1 ? Number(parts[^2], service, problems) : null, container.Value);
    }

    private static string PortText(string text) => text.Split('/')[0];

    private static int? Number(string text, string service, List<string> problems)
    {
        if (int.TryParse(text, out var n)) return n;
        problems.Add($"{service}: '{text}' is not a port number (ranges are not understood here)");
        return null;
    }

    // "name:/path[:ro]" (a named volume), "./dir:/path" or "/dir:/path" (a bind mount), or { type, source, target }.
    private static ComposeVolume Volume(YamlNode node)
    {
        if (node is YamlMappingNode map)
            return new ComposeVolume(Scalar(map, "source") ?? "", Scalar(map, "target") ?? "", Scalar(map, "type") == "volume");
        var parts = ((YamlScalarNode)node).Value!.Split(':');
        if (parts.Length == 1) return new ComposeVolume("", parts[0], Named: false);
        return new ComposeVolume(parts[0], parts[1], Named: !(parts[0].StartsWith('.') || parts[0].StartsWith('/') || parts[0].StartsWith('~')));
    }
}
