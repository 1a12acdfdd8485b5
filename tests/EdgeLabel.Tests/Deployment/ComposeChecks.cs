using System.Text.RegularExpressions;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Tests.Deployment;

/// <summary>Checks a compose file as an EdgeLabel deployment without a Docker engine: every EdgeLabel service's HOCON
/// file with its environment through <see cref="ConfigValidator.ValidateDeployment(IReadOnlyList{DeploymentNode}, NodeKind?, string?, string?, bool)"/>,
/// then what only the compose file knows (ports, health checks, volumes, images, users, secrets).
/// Each problem starts with the service (or file) at fault.</summary>
public static partial class ComposeChecks
{
    private const string DataOnVolume = "is not on a named volume of its own";

    /// <summary>Services whose data is the deployment's state, by image: they need a named volume of their own too.</summary>
    private static readonly string[] StatefulImages = ["postgres", "minio/minio"];

    /// <summary>Every problem of <paramref name="composeText"/>, read as if it were <c>docker-compose.yml</c> in
    /// <paramref name="composeDirectory"/>, with the variables of the env file beside it.</summary>
    public static IReadOnlyList<string> Problems(string composeText, string composeDirectory, string repoRoot, string envFile = ".env.example")
    {
        var envPath = Path.Combine(composeDirectory, envFile);
        var variables = ComposeFile.ReadEnvFile(File.ReadAllText(envPath));
        var compose = ComposeFile.Parse(composeText, variables);
        var problems = new List<string>(compose.Problems);

        var nodes = compose.Services.Select(s => ReadNode(s, composeDirectory, repoRoot, problems)).OfType<Node>().ToList();
        if (nodes.Count == 0) problems.Add("no service builds from docker/Dockerfile.edge or docker/Dockerfile.cloud");

        var hocon = Path.Combine(repoRoot, "hocon");
        problems.AddRange(ConfigValidator.ValidateDeployment(
                nodes.Select(n => new DeploymentNode(n.ConfigFile, n.Service.Environment, n.Service.Name)).ToList(),
                oneHost: false, hoconDirectory: hocon, baseDirectory: repoRoot)
            .Select(p => p.ToString()));

        var valid = new List<(Node Node, ValidatedConfig Config)>();
        foreach (var node in nodes)
        {
            var (config, _) = ConfigValidator.Validate(node.ConfigFile, null, hocon, repoRoot, node.Service.Environment);
            if (config is null) continue; // its problems are reported above
            if (config.Kind != node.Kind)
                problems.Add($"{node.Service.Name}: the {Kind(node.Kind)} image runs {Relative(repoRoot, node.ConfigFile)}, which configures {(config.Kind == NodeKind.Edge ? "an" : "a")} {Kind(config.Kind)} node");
            else valid.Add((node, config));
        }

        problems.AddRange(SiteNames(valid));
        problems.AddRange(valid.SelectMany(v => Addresses(v.Node.Service, v.Config, valid)));
        problems.AddRange(valid.SelectMany(v => DataVolume(v.Node.Service, v.Config)));
        problems.AddRange(Volumes(compose));
        problems.AddRange(nodes.Select(n => n.Dockerfile).Distinct().Where(File.Exists).SelectMany(f => DockerfileProblems(Relative(repoRoot, f), File.ReadAllText(f))));
        problems.AddRange(compose.Services.Where(s => s.User is "root" or "0" || s.User?.StartsWith("0:", StringComparison.Ordinal) == true)
            .Select(s => $"{s.Name}: runs as user '{s.User}'; the images' non-root user is meant"));
        problems.AddRange(Secrets(compose, composeText, variables, envFile));
        return problems;
    }

    /// <summary>An EdgeLabel service: which image (kind) it builds and which HOCON file it runs.</summary>
    private sealed record Node(ComposeService Service, NodeKind Kind, string Dockerfile, string ConfigFile);

    private static Node? ReadNode(ComposeService service, string composeDirectory, string repoRoot, List<string> problems)
    {
        var ours = service.Image?.StartsWith("edgelabel", StringComparison.Ordinal) == true;
        if (service.BuildContext is null || service.Dockerfile is null)
        {
            if (ours) problems.Add($"{service.Name}: image {service.Image} is not built from docker/Dockerfile.edge or docker/Dockerfile.cloud");
            return null;
        }
        var context = Path.GetFullPath(Path.Combine(composeDirectory, service.BuildContext));
        var dockerfile = Path.GetFullPath(Path.Combine(context, service.Dockerfile));
        NodeKind? kind = Relative(repoRoot, dockerfile) switch
        {
            "docker/Dockerfile.edge" => NodeKind.Edge,
            "docker/Dockerfile.cloud" => NodeKind.Cloud,
            _ => null,
        };
        if (kind is null)
        {
            if (ours) problems.Add($"{service.Name}: image {service.Image} is built from {service.Dockerfile}, not docker/Dockerfile.edge or docker/Dockerfile.cloud");
            return null;
        }
        if (!File.Exists(dockerfile)) problems.Add($"{service.Name}: {Relative(repoRoot, dockerfile)} does not exist");
        if (Path.TrimEndingDirectorySeparator(context) != Path.TrimEndingDirectorySeparator(repoRoot))
            problems.Add($"{service.Name}: the build context is {service.BuildContext}; the Dockerfiles build from the repository root");

        var config = service.Command.ToList().IndexOf("--config");
        if (config < 0 || config == service.Command.Count - 1)
        {
            problems.Add($"{service.Name}: its command names no --config file");
            return null;
        }
        var inContainer = service.Command[config + 1];
        var mount = service.Volumes.FirstOrDefault(v => !v.Named && v.Target == inContainer);
        if (mount is null)
        {
            problems.Add($"{service.Name}: --config {inContainer} is not mounted from a file of the repository");
            return null;
        }
        var file = Path.GetFullPath(Path.Combine(composeDirectory, mount.Source));
        if (!file.StartsWith(Path.TrimEndingDirectorySeparator(repoRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problems.Add($"{service.Name}: --config {inContainer} comes from {mount.Source}, outside the repository");
            return null;
        }
        if (!File.Exists(file))
        {
            problems.Add($"{service.Name}: {mount.Source} (mounted at {inContainer}) does not exist");
            return null;
        }
        return new Node(service, kind.Value, dockerfile, file);
    }

    private static IEnumerable<string> SiteNames(IReadOnlyList<(Node Node, ValidatedConfig Config)> valid) =>
        valid.Where(v => v.Config.Edge is not null).GroupBy(v => v.Config.Edge!.Site, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(", ", g.Select(v => v.Node.Service.Name))}: all run site '{g.Key}'");

    // What the node listens on and announces must be what the compose file publishes, exposes and health-checks.
    private static IEnumerable<string> Addresses(ComposeService service, ValidatedConfig config, IReadOnlyList<(Node Node, ValidatedConfig Config)> all)
    {
        var name = service.Name;
        var (httpUrl, cluster) = config.Edge is { } edge ? (edge.HttpUrl, edge.Cluster) : (config.Cloud!.HttpUrl, config.Cloud.Cluster);
        var reachable = service.Ports.Select(p => p.Target).Concat(service.Expose).ToHashSet();

        if (!Uri.TryCreate(httpUrl, UriKind.Absolute, out var http))
        {
            yield return $"{name}: HTTP address '{httpUrl}' is not a URL";
            yield break;
        }
        if (http.Host != "0.0.0.0")
            yield return $"{name}: HTTP listens on {http.Host}, unreachable from outside its container (EDGELABEL_HTTP_URL=http://0.0.0.0:{http.Port})";
        if (!service.Ports.Any(p => p.Target == http.Port))
            yield return $"{name}: HTTP port {http.Port} is not published (ports: {string.Join(", ", service.Ports.Select(p => $"{p.Published}:{p.Target}"))})";
        var probe = service.Healthcheck.Select(a => HealthUrl().Match(a)).FirstOrDefault(m => m.Success);
        if (probe is null)
            yield return $"{name}: no health check against /healthz";
        else if (int.Parse(probe.Groups["port"].Value) != http.Port || probe.Groups["path"].Value != "/healthz")
            yield return $"{name}: the health check asks {probe.Value}, the node serves /healthz on port {http.Port}";

        if (!cluster.Enabled)
        {
            yield return $"{name}: not a cluster member (edgelabel.cluster.enabled = off)";
            yield break;
        }
        if (cluster.Host != "0.0.0.0" && cluster.Host != name)
            yield return $"{name}: Akka.Remote binds {cluster.Host}; in a container bind 0.0.0.0 (EDGELABEL_CLUSTER_HOST)";
        if (cluster.PublicHost != name)
            yield return $"{name}: announces public host '{cluster.PublicHost}'; the others reach it as '{name}' (EDGELABEL_CLUSTER_PUBLIC_HOST)";
        if (cluster.PublicPort != cluster.Port)
            yield return $"{name}: announces port {cluster.PublicPort} but binds {cluster.Port}; compose does not map ports between containers";
        if (!reachable.Contains(cluster.Port))
            yield return $"{name}: cluster port {cluster.Port} is neither exposed nor published";
        foreach (var seed in cluster.Seeds)
        {
            var cloud = all.FirstOrDefault(n => n.Config.Cloud is not null && n.Node.Service.Name == seed.Host);
            if (cloud.Config is null)
                yield return $"{name}: seed {seed} names no cloud service of this file";
            else if (cloud.Config.Cloud!.Cluster.Port != seed.Port)
                yield return $"{name}: seed {seed}, but {seed.Host}'s cluster port is {cloud.Config.Cloud.Cluster.Port}";
        }
    }

    [GeneratedRegex(@"https?://(?:127\.0\.0\.1|localhost):(?<port>\d+)(?<path>/[^\s""']*)?")]
    private static partial Regex HealthUrl();

    // The node's data (journal, spool, token file, exports) must outlive the container: a named volume at data-dir.
    private static IEnumerable<string> DataVolume(ComposeService service, ValidatedConfig config)
    {
        var dataDir = Path.TrimEndingDirectorySeparator(config.Edge?.DataDirectory ?? config.Cloud!.DataDirectory);
        var volume = service.Volumes.FirstOrDefault(v => Path.TrimEndingDirectorySeparator(v.Target) == dataDir);
        if (volume is not { Named: true })
        {
            yield return $"{service.Name}: data-dir {dataDir} {DataOnVolume}";
            yield break;
        }
        string?[] inside = config.Edge is { } e
            ? [e.JournalPath, e.SpoolPath]
            : [config.Cloud!.Journal.SqlitePath, config.Cloud.AdminTokenFile, config.Cloud.ExportDirectory];
        foreach (var path in inside.OfType<string>().Where(p => !p.StartsWith(dataDir + "/", StringComparison.Ordinal)))
            yield return $"{service.Name}: {path} is outside data-dir {dataDir}, on the container's own layer";
    }

    private static IEnumerable<string> Volumes(ComposeFile compose)
    {
        var uses = compose.Services.SelectMany(s => s.Volumes.Where(v => v.Named).Select(v => (Service: s.Name, Volume: v.Source))).ToList();
        foreach (var (service, volume) in uses.Where(u => !compose.Volumes.Contains(u.Volume)))
            yield return $"{service}: volume {volume} is not declared under the top-level volumes";
        foreach (var group in uses.GroupBy(u => u.Volume).Where(g => g.Select(u => u.Service).Distinct().Count() > 1))
            yield return $"{string.Join(", ", group.Select(u => u.Service).Distinct())}: share volume {group.Key}; each service's state needs its own";
        foreach (var service in compose.Services.Where(s => StatefulImages.Any(i => s.Image?.Split(':')[0] == i)))
            if (!service.Volumes.Any(v => v.Named))
                yield return $"{service.Name}: holds the deployment's state but {DataOnVolume}";
    }

    /// <summary>The final stage of a Dockerfile must run as a non-root user and check the node's health.</summary>
    public static IEnumerable<string> DockerfileProblems(string name, string text)
    {
        var lines = text.Replace("\\\n", " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var lastFrom = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        var final = lines.Skip(Math.Max(lastFrom, 0)).ToList();
        var user = final.LastOrDefault(l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase))?[5..].Trim();
        if (user is null)
            yield return $"{name}: the final stage sets no USER, so the container runs as root";
        else if (user is "root" or "0" || user.StartsWith("0:", StringComparison.Ordinal) || user.StartsWith("root:", StringComparison.Ordinal))
            yield return $"{name}: the final stage runs as {user}";
        if (!final.Any(l => l.StartsWith("HEALTHCHECK ", StringComparison.OrdinalIgnoreCase) && l.Contains("/healthz", StringComparison.Ordinal)))
            yield return $"{name}: the final stage has no HEALTHCHECK against /healthz";
    }

    [GeneratedRegex("PASSWORD|SECRET|TOKEN|ACCESS_KEY|_KEYS|CONNECTION")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*(?<value>[^;]*)")]
    private static partial Regex ConnectionPassword();

    // Secrets live in the env file; the compose file only refers to them, and names every one the env file must hold.
    private static IEnumerable<string> Secrets(ComposeFile compose, string composeText, IReadOnlyDictionary<string, string> examples, string envFile)
    {
        foreach (var service in compose.Services)
            foreach (var (variable, value) in service.RawEnvironment.Where(e => SecretName().IsMatch(e.Key)))
            {
                var passwords = ConnectionPassword().Matches(value);
                var referred = passwords.Count > 0
                    ? passwords.All(p => ComposeFile.IsReference(p.Groups["value"].Value.Trim()))
                    : ComposeFile.IsReference(value.Trim());
                if (!referred)
                    yield return $"{service.Name}: {variable} is written in the compose file; refer to the env file instead (${{{variable}}})";
            }
        foreach (var (variable, value) in examples.Where(e => e.Value.Length >= 8 && SecretName().IsMatch(e.Key)))
            if (composeText.Contains(value, StringComparison.Ordinal))
                yield return $"docker-compose.yml: holds the value of {variable} from {envFile}";
    }

    private static string Kind(NodeKind kind) => kind == NodeKind.Edge ? "edge" : "cloud";

    private static string Relative(string repoRoot, string path) => Path.GetRelativePath(repoRoot, path).Replace('\\', '/');
}
